"""Words and templates the double writes posts and comments from.

Each kind of post mirrors a theme the service looks for (advice requests,
tool requests, pain points, money talk, self-promotion, news, ideas, plain
discussion), so theme rules have something true to find.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vocabulary:
    """The nouns one community talks about; templates pick from these."""

    things: tuple[str, ...]
    roles: tuple[str, ...]
    products: tuple[str, ...]
    pains: tuple[str, ...]
    jobs: tuple[str, ...]
    tools: tuple[str, ...]
    channels: tuple[str, ...]
    companies: tuple[str, ...]


STARTUPS = Vocabulary(
    things=(
        "MVP",
        "pitch deck",
        "co-founder search",
        "seed round",
        "product-market fit",
        "landing page",
        "waitlist",
        "YC application",
        "equity split",
        "first hire",
    ),
    roles=(
        "first-time founder",
        "technical founder",
        "solo founder",
        "non-technical founder",
        "ex-FAANG engineer",
        "bootstrapper",
    ),
    products=("B2B app", "marketplace", "dev tool", "AI assistant", "mobile app", "API"),
    pains=(
        "investors ghosting me after the first call",
        "users signing up and never coming back",
        "burning through runway faster than planned",
        "a co-founder who stopped shipping",
        "nobody replying to cold emails",
        "building features nobody asked for",
    ),
    jobs=(
        "finds investors that fit your stage",
        "turns customer calls into a roadmap",
        "tracks runway and burn automatically",
        "matches founders with co-founders",
        "writes investor updates from your metrics",
    ),
    tools=("Notion", "Carta", "Linear", "Airtable", "Webflow", "Bubble", "Supabase"),
    channels=("Product Hunt", "Hacker News", "cold email", "LinkedIn", "X", "founder communities"),
    companies=("Y Combinator", "a16z", "Sequoia", "Stripe", "OpenAI", "Anthropic"),
)

SAAS = Vocabulary(
    things=(
        "pricing page",
        "free trial",
        "churn",
        "MRR",
        "onboarding flow",
        "annual plans",
        "usage-based pricing",
        "trial conversion",
        "customer success",
        "SOC 2",
    ),
    roles=(
        "SaaS founder",
        "indie hacker",
        "product manager",
        "growth lead",
        "CTO",
        "customer success manager",
    ),
    products=("SaaS", "Chrome extension", "Slack app", "analytics tool", "CRM", "API product"),
    pains=(
        "churn creeping up every month",
        "trial users who never activate",
        "customers asking for refunds after a week",
        "failed payments nobody chases",
        "enterprise deals stuck in security review",
        "support tickets eating my week",
    ),
    jobs=(
        "recovers failed Stripe payments",
        "predicts which accounts will churn",
        "turns support tickets into feature requests",
        "A/B tests pricing pages",
        "sends onboarding emails based on product usage",
    ),
    tools=("Stripe", "Paddle", "ChartMogul", "Intercom", "Mixpanel", "PostHog", "Baremetrics"),
    channels=(
        "SEO",
        "G2 reviews",
        "cold outreach",
        "partnerships",
        "content marketing",
        "Google Ads",
    ),
    companies=("Salesforce", "HubSpot", "Atlassian", "Stripe", "Zapier", "Notion"),
)

MARKETING = Vocabulary(
    things=(
        "SEO",
        "email list",
        "content calendar",
        "conversion rate",
        "ad creative",
        "brand voice",
        "newsletter",
        "landing page copy",
        "attribution",
        "CAC",
    ),
    roles=(
        "marketing manager",
        "freelance marketer",
        "agency owner",
        "content writer",
        "performance marketer",
        "social media manager",
    ),
    products=("newsletter", "course", "agency", "DTC brand", "B2B service", "podcast"),
    pains=(
        "organic traffic dropping after every Google update",
        "ads that stopped converting",
        "clients who want results in two weeks",
        "open rates falling below 15%",
        "reporting that takes a whole day every month",
        "content nobody reads",
    ),
    jobs=(
        "writes ad variations from one brief",
        "tracks keyword rankings daily",
        "schedules posts across every network",
        "shows which channel drives revenue",
        "cleans up an email list before a campaign",
    ),
    tools=("HubSpot", "Mailchimp", "Semrush", "Ahrefs", "Canva", "Buffer", "Google Analytics 4"),
    channels=("TikTok", "Google Ads", "Meta ads", "LinkedIn", "SEO", "email", "YouTube"),
    companies=("Google", "Meta", "TikTok", "LinkedIn", "HubSpot", "Mailchimp"),
)

ENTREPRENEUR = Vocabulary(
    things=(
        "side hustle",
        "LLC",
        "business plan",
        "cash flow",
        "first customer",
        "business partner",
        "Shopify store",
        "personal brand",
        "exit",
        "quitting my job",
    ),
    roles=(
        "first-time business owner",
        "side hustler",
        "freelancer",
        "e-commerce seller",
        "consultant",
        "serial entrepreneur",
    ),
    products=(
        "Shopify store",
        "consulting business",
        "agency",
        "course",
        "app",
        "print-on-demand shop",
    ),
    pains=(
        "working 70 hours a week for less than minimum wage",
        "clients paying 60 days late",
        "a partner who does half the work",
        "not knowing what to charge",
        "burnout after two years of hustle",
        "customers who only buy on discount",
    ),
    jobs=(
        "books discovery calls and sends reminders",
        "chases unpaid invoices politely",
        "finds suppliers with low minimum orders",
        "tracks cash flow across accounts",
        "turns one video into a week of posts",
    ),
    tools=("Shopify", "QuickBooks", "Canva", "Calendly", "Upwork", "Gumroad", "Zapier"),
    channels=("Instagram", "TikTok", "word of mouth", "Facebook groups", "cold calls", "Etsy"),
    companies=("Shopify", "Amazon", "Etsy", "PayPal", "Meta", "Upwork"),
)

SMALLBUSINESS = Vocabulary(
    things=(
        "bookkeeping",
        "payroll",
        "POS system",
        "Google reviews",
        "sales tax",
        "commercial lease",
        "inventory",
        "hiring",
        "insurance",
        "business loan",
    ),
    roles=(
        "bakery owner",
        "plumber",
        "salon owner",
        "restaurant owner",
        "contractor",
        "retail shop owner",
    ),
    products=(
        "coffee shop",
        "cleaning business",
        "landscaping company",
        "bakery",
        "boutique",
        "auto repair shop",
    ),
    pains=(
        "employees quitting after two weeks",
        "rent going up 30% at renewal",
        "fake one-star reviews",
        "card fees eating my margin",
        "no-shows on booked appointments",
        "doing the books at midnight",
    ),
    jobs=(
        "sends review requests after every visit",
        "handles scheduling and reminders",
        "does payroll for five employees without the fees",
        "tracks inventory across two locations",
        "texts customers when their order is ready",
    ),
    tools=("Square", "QuickBooks", "Gusto", "Toast", "Jobber", "Yelp", "Google Business Profile"),
    channels=("Google Maps", "Yelp", "Facebook", "Nextdoor", "flyers", "local SEO"),
    companies=("Square", "Intuit", "Yelp", "Google", "the SBA", "Amazon"),
)


def _merge(*vocabs: Vocabulary) -> Vocabulary:
    """A general vocabulary for communities without their own."""
    fields = Vocabulary.__dataclass_fields__
    merged = {name: tuple(w for v in vocabs for w in getattr(v, name)) for name in fields}
    return Vocabulary(**merged)


GENERAL = _merge(STARTUPS, SAAS, MARKETING, ENTREPRENEUR, SMALLBUSINESS)

_BY_KEYWORD: tuple[tuple[str, Vocabulary], ...] = (
    ("saas", SAAS),
    ("startup", STARTUPS),
    ("founder", STARTUPS),
    ("market", MARKETING),
    ("seo", MARKETING),
    ("smallbusiness", SMALLBUSINESS),
    ("entrepreneur", ENTREPRENEUR),
    ("sidehustle", ENTREPRENEUR),
)


def vocabulary_for(subreddit: str) -> Vocabulary:
    """Pick a community's vocabulary by name, falling back to a general mix."""
    lowered = subreddit.lower()
    for keyword, vocab in _BY_KEYWORD:
        if keyword in lowered:
            return vocab
    return GENERAL


KINDS: tuple[tuple[str, int], ...] = (
    ("question", 22),
    ("tool_request", 12),
    ("complaint", 14),
    ("money", 12),
    ("self_promo", 12),
    ("news", 8),
    ("idea", 8),
    ("discussion", 12),
)
"""Post kinds with their weights out of 100."""

TITLES: dict[str, tuple[str, ...]] = {
    "question": (
        "How do I get my first 10 customers for a {product}?",
        "Any advice on {thing} as a {role}?",
        "What's the best way to handle {thing}?",
        "{role} here - how did you figure out {thing}?",
        "Should I focus on {channel} or {thing} first?",
        "How do you deal with {pain}?",
        "Need advice: {pain}",
        "What would you do in my position with {thing}?",
    ),
    "tool_request": (
        "Is there a tool that {job}?",
        "Looking for software that {job}",
        "Any recommendations for something that {job}?",
        "Alternatives to {tool}? It got too expensive",
        "What do you use for {thing}? {tool} isn't cutting it",
        "Does anyone know an app that {job}?",
    ),
    "complaint": (
        "I'm so tired of {pain}",
        "Why is {thing} so hard?",
        "Rant: {pain}",
        "Frustrated with {tool} - {pain}",
        "{thing} is killing me",
        "Is it just me or is {channel} getting worse every month?",
    ),
    "money": (
        "How much should I charge for my {product}?",
        "Spent ${money} on {channel}, got {n} customers. Worth it?",
        "Is ${price}/month too expensive for a {product}?",
        "Raised prices by {pct}% and nobody complained",
        "What's a realistic budget for {thing}?",
        "Hit ${money} MRR with my {product} - here's the breakdown",
        "Paying {tool} ${price}/month - is that normal?",
    ),
    "self_promo": (
        "I built {name}, a tool that {job}",
        "Launched my {product} after {months} months - feedback welcome",
        "Show: {name} - {job}",
        "After {pain}, I made {name} to fix it",
        "My side project {name} just got its first paying customer",
        "I made a free {product} that {job}",
    ),
    "news": (
        "{company} announces changes to {thing}",
        "{company} raises ${n}M to build a tool that {job}",
        "{company} is shutting down its {product} program",
        "New report: {pct}% of {role}s struggle with {thing}",
        "{company} updates {channel} policy for small accounts",
    ),
    "idea": (
        "Idea: a {product} that {job}",
        "Would you pay for something that {job}?",
        "Validating an idea: {name}, it {job}",
        "Startup idea for anyone who wants it: fix {pain}",
        "Is there a market for a {product} focused on {thing}?",
    ),
    "discussion": (
        "What's your {thing} stack in 2025?",
        "Unpopular opinion: {thing} is overrated",
        "{role}s, what's your biggest mistake with {thing}?",
        "What finally worked for you on {channel}?",
        "Lessons from {months} months of running a {product}",
        "Weekly thread: share what you're working on",
        "How many hours a week do you actually spend on {thing}?",
    ),
}

BODIES: dict[str, tuple[str, ...]] = {
    "question": (
        "I've been running a {product} for {months} months and I'm stuck on {thing}.",
        "I'm a {role} and this is my first time dealing with {thing}.",
        "Right now my biggest problem is {pain}.",
        "I tried {channel} but it barely moved the needle.",
        "Any advice would be appreciated, even if it's brutal.",
        "What would you do in my position?",
        "How did you get past this stage?",
    ),
    "tool_request": (
        "I'm looking for a tool that {job}.",
        "We've been using {tool} but it's too expensive for a team our size.",
        "Ideally it integrates with {tool}.",
        "Happy to pay up to ${price}/month if it saves me time.",
        "Does anyone have a recommendation? Spreadsheets aren't cutting it anymore.",
        "Open to alternatives if there's a better way to handle {thing}.",
    ),
    "complaint": (
        "I'm honestly frustrated. {pain} for the third month in a row.",
        "It's so annoying that nobody talks about how hard {thing} is.",
        "I've wasted hours on {tool} and it still doesn't work the way I need.",
        "The worst part is {pain}.",
        "I'm struggling to keep going, and I can't be the only one.",
        "Sorry for the rant, I needed to get this off my chest.",
    ),
    "money": (
        "Current pricing is ${price}/month and we have {n} paying customers.",
        "We spent ${money} on {channel} last quarter.",
        "Revenue is about ${money} a month but margins are thin.",
        "I'm not sure if I'm charging too little or too much.",
        "Our customer acquisition cost is roughly ${price} per customer.",
        "Would love to hear what others pay for {thing}.",
    ),
    "self_promo": (
        "I built {name} because I kept running into {pain}.",
        "It {job}. There's a free tier and a paid plan at ${price}/month.",
        "Check it out at {name_lower}.io - I'd love your feedback.",
        "It took me {months} months of nights and weekends.",
        "Happy to answer any questions about the stack or the launch.",
        "We just launched on {channel} today.",
    ),
    "news": (
        "Saw this today and thought it was relevant for anyone working on {thing}.",
        "This could change how {role}s approach {channel}.",
        "Curious what everyone thinks this means for small teams.",
    ),
    "idea": (
        "I keep seeing people complain about {pain}.",
        "The idea: a {product} that {job}.",
        "Would you pay ${price}/month for something like this?",
        "I'd build it myself if there's enough interest.",
        "Roast the idea, I can take it.",
    ),
    "discussion": (
        "Curious how other {role}s approach {thing}.",
        "For me, {channel} worked better than I expected.",
        "I've tried {tool}, spreadsheets and a whiteboard. Nothing stuck.",
        "What's worked for you, and what was a waste of time?",
        "Let's share notes.",
    ),
}

COMMENTS: tuple[str, ...] = (
    "Have you tried {tool}? It worked well for us.",
    "Talk to your customers before building anything else.",
    "Same problem here, following this thread.",
    "We charge ${price}/month and nobody has complained so far.",
    "Honestly {channel} has been the only channel that worked for me.",
    "This is the way.",
    "I'd raise prices. You're almost certainly undercharging.",
    "I built something similar, happy to share what I learned.",
    "{thing} took us a year to get right, don't beat yourself up.",
    "Not sure this is the right sub for this, but good luck.",
    "Great write-up, thanks for sharing the numbers.",
    "The real problem is {pain}. Fix that first.",
    "Hard disagree. {thing} matters way more than people think.",
    "Would you mind sharing what tool you ended up using?",
    "OP, how long did it take to see results?",
    "Thanks, this is really helpful!",
)

REPLIES: tuple[str, ...] = (
    "Agreed, this is what worked for us too.",
    "Can you share more details?",
    "That's a good point, I hadn't thought about it that way.",
    "We tried that and it didn't work, but YMMV.",
    "Thanks! Going to try this next week.",
    "This. 100%.",
    "How much did that cost you?",
    "Interesting, what was your conversion rate?",
)

NAME_PARTS = (
    (
        "Ledger",
        "Pipe",
        "Churn",
        "Lead",
        "Shelf",
        "Quote",
        "Hire",
        "Stack",
        "Signal",
        "Form",
        "Pilot",
        "Nest",
        "Tally",
        "Beacon",
        "Loop",
        "Grid",
    ),
    ("ly", "wise", "kit", "hub", "flow", "desk", "base", "io", "ify", "bird", "lab", "ship"),
)

USER_PARTS = (
    (
        "quiet",
        "busy",
        "tired",
        "lucky",
        "honest",
        "bootstrapped",
        "remote",
        "caffeinated",
        "curious",
        "stubborn",
        "frugal",
        "midwest",
        "sunny",
        "nervous",
        "humble",
        "rogue",
    ),
    (
        "founder",
        "marketer",
        "baker",
        "builder",
        "hacker",
        "owner",
        "dev",
        "seller",
        "analyst",
        "plumber",
        "coach",
        "maker",
        "writer",
        "operator",
        "designer",
        "trader",
    ),
)

NEWS_DOMAINS = (
    "techcrunch.com",
    "theverge.com",
    "businessinsider.com",
    "reuters.com",
    "forbes.com",
    "searchengineland.com",
    "cnbc.com",
)

FLAIRS: dict[str, tuple[str | None, ...]] = {
    "question": ("Question", "Help", None),
    "tool_request": ("Question", "Tools", None),
    "complaint": ("Rant", "Discussion", None),
    "money": ("Discussion", "Pricing", None),
    "self_promo": ("Self Promotion", "Show", "I built this"),
    "news": ("News", None),
    "idea": ("Idea", "Feedback", None),
    "discussion": ("Discussion", None),
}
