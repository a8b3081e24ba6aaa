"""Reddit's JSON shapes (Listing, t1, t3, t5, more) for generated content.

Field names and types follow what Reddit sends with `raw_json=1`, so both
asyncpraw's objects and code reading the raw dicts see what they would see
against reddit.com.
"""

from __future__ import annotations

import hashlib
import html
from typing import Any

from subsignal.testing.content import DELETED, Comment, Community, Post, to_base36

JSON = dict[str, Any]


def listing(children: list[JSON], *, after: str | None = None, dist: bool = True) -> JSON:
    """A Listing wrapper; comment reply listings carry `dist: null` like Reddit's."""
    return {
        "kind": "Listing",
        "data": {
            "after": after,
            "dist": len(children) if dist else None,
            "modhash": None,
            "geo_filter": "",
            "children": children,
            "before": None,
        },
    }


def user_fullname(name: str) -> str:
    digest = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=5).digest(), "big")
    return f"t2_{to_base36(36**6 + digest % (36**8 - 36**6))}"


def _md_html(text: str) -> str | None:
    if not text:
        return None
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n"))
    return f'<!-- SC_OFF --><div class="md">{paragraphs}</div><!-- SC_ON -->'


def _author_fields(author: str) -> JSON:
    fields: JSON = {
        "author": author,
        "author_flair_background_color": None,
        "author_flair_css_class": None,
        "author_flair_richtext": [],
        "author_flair_template_id": None,
        "author_flair_text": None,
        "author_flair_text_color": None,
        "author_flair_type": "text",
        "author_is_blocked": False,
        "author_patreon_flair": False,
        "author_premium": False,
    }
    if author != DELETED:  # Reddit drops author_fullname for deleted accounts
        fields["author_fullname"] = user_fullname(author)
    return fields


def subreddit_type(community: Community) -> str:
    return "private" if community.spec.status == "private" else "public"


def subreddit_data(community: Community) -> JSON:
    spec = community.spec
    icon = f"https://styles.redditmedia.com/{community.fullname}/styles/communityIcon.png"
    active = max(1, community.subscribers // 700)
    return {
        "display_name": spec.name,
        "display_name_prefixed": f"r/{spec.name}",
        "name": community.fullname,
        "id": community.id,
        "title": community.title,
        "public_description": community.public_description,
        "public_description_html": _md_html(community.public_description),
        "description": community.description,
        "description_html": _md_html(community.description),
        "subscribers": community.subscribers,
        "active_user_count": active,
        "accounts_active": active,
        "accounts_active_is_fuzzed": False,
        "icon_img": "",
        "community_icon": icon,
        "header_img": None,
        "banner_img": "",
        "banner_background_image": "",
        "primary_color": "#0079d3",
        "key_color": "",
        "over18": spec.over18,
        "created": community.created_utc,
        "created_utc": community.created_utc,
        "subreddit_type": subreddit_type(community),
        "quarantine": spec.status == "quarantined",
        "url": f"/r/{spec.name}/",
        "lang": "en",
        "submission_type": "any",
        "allow_images": True,
        "allow_videos": True,
        "spoilers_enabled": True,
        "restrict_posting": True,
        "restrict_commenting": False,
        "user_is_banned": None,
        "user_is_moderator": None,
        "user_is_subscriber": None,
        "advertiser_category": "",
        "wiki_enabled": True,
    }


def subreddit_thing(community: Community) -> JSON:
    return {"kind": "t5", "data": subreddit_data(community)}


def post_data(community: Community, post: Post) -> JSON:
    spec = community.spec
    permalink = f"/r/{spec.name}/comments/{post.id}/{post.slug}/"
    data: JSON = {
        "approved_at_utc": None,
        "subreddit": spec.name,
        "selftext": post.selftext,
        "selftext_html": _md_html(post.selftext),
        "saved": False,
        "gilded": 0,
        "clicked": False,
        "title": post.title,
        "link_flair_richtext": [],
        "subreddit_name_prefixed": f"r/{spec.name}",
        "hidden": False,
        "pwls": 6,
        "link_flair_css_class": None,
        "downs": 0,
        "thumbnail_height": None,
        "top_awarded_type": None,
        "hide_score": False,
        "name": post.fullname,
        "quarantine": spec.status == "quarantined",
        "link_flair_text_color": "dark",
        "upvote_ratio": post.upvote_ratio,
        "subreddit_type": subreddit_type(community),
        "ups": post.score,
        "total_awards_received": 0,
        "media_embed": {},
        "thumbnail_width": None,
        "is_original_content": False,
        "user_reports": [],
        "secure_media": None,
        "is_reddit_media_domain": False,
        "is_meta": False,
        "category": None,
        "secure_media_embed": {},
        "link_flair_text": post.flair,
        "can_mod_post": False,
        "score": post.score,
        "approved_by": None,
        "is_created_from_ads_ui": False,
        "thumbnail": "self" if post.is_self else "default",
        "edited": False,
        "gildings": {},
        "content_categories": None,
        "is_self": post.is_self,
        "mod_note": None,
        "created": post.created_utc,
        "link_flair_type": "text",
        "wls": 6,
        "removed_by_category": None,
        "banned_by": None,
        "domain": post.domain,
        "allow_live_comments": False,
        "likes": None,
        "suggested_sort": None,
        "banned_at_utc": None,
        "view_count": None,
        "archived": False,
        "no_follow": post.score < 2,
        "is_crosspostable": True,
        "pinned": False,
        "over_18": spec.over18,
        "all_awardings": [],
        "awarders": [],
        "media_only": False,
        "can_gild": False,
        "spoiler": False,
        "locked": post.locked,
        "treatment_tags": [],
        "visited": False,
        "removed_by": None,
        "num_reports": None,
        "distinguished": None,
        "subreddit_id": community.fullname,
        "mod_reason_by": None,
        "num_crossposts": 0,
        "removal_reason": None,
        "link_flair_background_color": "",
        "id": post.id,
        "is_robot_indexable": True,
        "report_reasons": None,
        "discussion_type": None,
        "num_comments": post.num_comments,
        "send_replies": True,
        "contest_mode": False,
        "mod_reports": [],
        "permalink": permalink,
        "stickied": False,
        "url": post.url,
        "subreddit_subscribers": community.subscribers,
        "created_utc": post.created_utc,
        "media": None,
        "is_video": False,
    }
    if not post.is_self:
        data["url_overridden_by_dest"] = post.url
        data["post_hint"] = "link"
    data.update(_author_fields(post.author))
    return data


def post_thing(community: Community, post: Post) -> JSON:
    return {"kind": "t3", "data": post_data(community, post)}


def comment_thing(community: Community, post: Post, comment: Comment, replies: JSON | str) -> JSON:
    """A t1; `replies` is "" or a Listing already trimmed to the requested depth."""
    spec = community.spec
    data: JSON = {
        "all_awardings": [],
        "approved_at_utc": None,
        "archived": False,
        "associated_award": None,
        "banned_at_utc": None,
        "banned_by": None,
        "body": comment.body,
        "body_html": _md_html(comment.body),
        "can_gild": False,
        "can_mod_post": False,
        "collapsed": comment.score < -4,
        "collapsed_reason": None,
        "collapsed_reason_code": None,
        "comment_type": None,
        "controversiality": comment.controversiality,
        "created": comment.created_utc,
        "created_utc": comment.created_utc,
        "depth": comment.depth,
        "distinguished": None,
        "downs": 0,
        "edited": False,
        "gilded": 0,
        "gildings": {},
        "id": comment.id,
        "is_submitter": comment.is_submitter,
        "likes": None,
        "link_id": post.fullname,
        "locked": False,
        "mod_note": None,
        "mod_reason_by": None,
        "mod_reason_title": None,
        "mod_reports": [],
        "name": comment.fullname,
        "no_follow": comment.score < 2,
        "num_reports": None,
        "parent_id": comment.parent_id,
        "permalink": f"/r/{spec.name}/comments/{post.id}/{post.slug}/{comment.id}/",
        "removal_reason": None,
        "replies": replies,
        "report_reasons": None,
        "saved": False,
        "score": comment.score,
        "score_hidden": False,
        "send_replies": True,
        "stickied": False,
        "subreddit": spec.name,
        "subreddit_id": community.fullname,
        "subreddit_name_prefixed": f"r/{spec.name}",
        "subreddit_type": subreddit_type(community),
        "top_awarded_type": None,
        "total_awards_received": 0,
        "treatment_tags": [],
        "unrepliable_reason": None,
        "ups": comment.score,
        "user_reports": [],
    }
    data.update(_author_fields(comment.author))
    return {"kind": "t1", "data": data}


def more_thing(parent_id: str, depth: int, children: list[str], count: int) -> JSON:
    """A "load more comments" stub; `count == 0` with no children is "continue this thread"."""
    more_id = children[0] if children else "_"
    return {
        "kind": "more",
        "data": {
            "count": count,
            "name": f"t1_{more_id}",
            "id": more_id,
            "parent_id": parent_id,
            "depth": depth,
            "children": children,
        },
    }
