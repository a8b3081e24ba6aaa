"""The theme rules, as data: one `Theme` per text theme, cues with weights.

How to read a rule:
- A pattern is a lower-case regex matched against lower-cased text, from the
  start of a word to the end of a word (`hate` does not match `whatever`).
  A space in a pattern matches any whitespace; `<w2>` skips up to two words;
  `^` means the start of the title (or body).
- A pattern starts with a word (or `\\$`, `€`, `£`, `\\d`), or with a
  `(?:...|...)` group of such: the scorer files cues under that word.
- Weights are evidence. 1.0 is enough on its own in the body; a cue in the
  title counts double, so 0.5 is enough there; weak cues (0.2-0.4) only
  count together. A cue counts once however often it appears.
- Negative cues subtract their weight; 3.0 or more acts as a veto
  ("not looking for advice" is not an advice request).
"""

from __future__ import annotations

from subsignal.themes.model import Theme, cues

# Nouns for things people buy to solve a problem (tools, apps, services).
TOOL = (
    r"(?:tools?|apps?|software|platforms?|services?|systems?|solutions?|crms?|cms|"
    r"plugins?|extensions?|library|libraries|providers?|vendors?|3pls?|templates?|"
    r"agency|agencies|sites?|websites?|saas|programs?|pos|integrations?|bots?|hosting)"
)
# Roles people recruit for (cofounders, hires, testers, partners).
ROLE = (
    r"(?:co-?founders?|founders|partners?|contributors?|collaborators?|beta testers?|"
    r"testers|guests?|writers?|freelancers?|devs?|developers?|designers?|engineers?|"
    r"mentors?|ambassadors?|techs?|technicians?|bookkeepers?|assistants?|vas?|"
    r"marketers?|people|participants|volunteers?|interns?|editors?|affiliates?|"
    r"resellers?|investors? for)"
)
# Money amounts: $40, $1.2m, €80-100k, £5,000, $20/hr.
AMOUNT = r"(?:\$|€|£) ?\d[\d,.]*(?: ?- ?\d[\d,.]*)?(?:k|m|b|bn|mm)?"

# The rules are a table, one cue per line: keep the formatter out of it.
# fmt: off
PAIN_ANGER = Theme(
    "pain_anger",
    cues=cues(
        # anger and frustration, said outright
        (r"(?:frustrat\w*|infuriat\w*|furious|livid|fuming|seething|enraged|rage)", 1.0),
        (r"(?:angry|anger|pissed(?: off)?|mad at|outraged|outrageous|wtf|ffs)", 1.0),
        (r"(?:fed up|sick (?:and tired )?of|tired of|done with|had it with|over it)", 1.0),
        (r"(?:i'?m|i am) (?:so )?done", 1.0),
        (r"(?:hate|hated|hates|hating|loathe|despise|can'?t stand)", 0.8),
        (r"(?:annoyed|irritated|aggravated|resent\w*)", 1.0),
        (r"(?:annoying|irritating|aggravating)", 0.7),
        (r"(?:driving|drives) me (?:crazy|nuts|insane|mad|up the wall)", 1.0),
        (r"(?:losing|lost) (?:my mind|it|sleep|hope|my patience)", 1.0),
        (r"(?:rant|venting|vent|ugh|argh)", 1.0),
        # exhaustion and despair
        (r"(?:burn(?:ed|t)? ?out|burnout|burning out)", 1.0),
        (r"(?:exhausted|exhausting|exhaustion|drained|drowning|overwhelmed|miserable)", 1.0),
        (r"(?:heartbroken|devastated|gutted|demoraliz\w*|hopeless|defeated|toxic)", 1.0),
        (r"(?:wearing|grinding) me down|feeling (?:pretty |so |really )?(?:low|down|lost|stuck)",
         1.0),
        (r"(?:crushed|hurts|brutal|dread\w*|despair|belittl\w*|disrespect\w*|gaslight\w*)", 0.7),
        (r"(?:nightmare|hell|disaster|horrible|terrible|awful|the worst)", 0.6),
        (r"(?:panic\w*|shaking|in tears|crying|can'?t sleep)", 0.8),
        (r"(?:stress\w*|at my wit'?s end|out of ideas|at a loss|don'?t know what else to do)", 0.5),
        # things broken, unfair or absurd
        (r"(?:ridiculous|insane|absurd|unacceptable|a joke|a scam|scam\w*|robbery)", 0.8),
        (r"(?:that'?s|it'?s|this is) (?:getting )?(?:insane|ridiculous|absurd|crazy|nuts|"
         r"a joke|robbery|unacceptable)", 1.0),
        (r"(?:is|are|got|gets|getting) (?:so |way too |too |really |incredibly |ridiculously )"
         r"(?:bloated|slow|bad|broken|buggy|expensive|clunky|confusing|annoying|painful|pricey)",
         0.8),
        (r"(?:killing|destroying|ruining|eating) (?:me|us|my|our)", 0.8),
        (r"(?:ruined|ruins|ruining)", 0.6),
        (r"(?:is|are) (?:a mess|broken|useless|garbage|trash)", 0.5),
        (r"(?:a mess|broken|useless|bloated|buggy|garbage|crap|sucks?|defective)", 0.3),
        (r"(?:why (?:does|do|is|are) every|every single (?:one|time|call|day))", 0.5),
        (r"(?:no warning|no explanation|refused|won'?t (?:refund|answer|respond|pay)|ghosted)",
         0.4),
        (r"(?:hasn'?t|haven'?t|won'?t|refuses to|refused to|never) (?:been )?pa(?:id|y)", 0.8),
        (r"(?:keeps?|kept) (?:on )?\w+ing", 0.4),
        (r"(?:constantly|no matter what|over and over|again and again|yet again|again\.)", 0.4),
        (r"(?:third|fourth|fifth|sixth|\d+th|umpteenth|millionth|nth) time", 0.5),
        (r"(?:can'?t believe|unbelievable|seriously\?|what the)", 0.4),
        (r"(?:complain\w*|gripe|grr+)", 0.4),
    ),
    negatives=cues(
        (r"(?:no complaints|not complaining|can'?t complain)", 1.0),
        # pitches borrow pain words ("tired of paying $30? I built ...")
        (r"(?:i|we) (?:just )?(?:built|made|created|launched)", 0.5),
    ),
)

ADVICE_REQUESTS = Theme(
    "advice_requests",
    cues=cues(
        # asking for advice in so many words
        (r"any <w2>(?:advice|tips|suggestions|guidance|pointers)", 1.2),
        (r"(?:need|want|looking for|seeking|would love|appreciate|welcome) <w1>"
         r"(?:advice|guidance|tips|suggestions|input|perspective|a sanity check)", 1.2),
        (r"(?:advice|guidance) (?:on|for|needed|please|wanted|appreciated)", 0.8),
        (r"tips (?:on|for|needed|please|wanted|appreciated)", 0.5),
        (r"(?:advice|guidance)", 0.4),
        # what should I do
        (r"(?:what|how|where|when|which|who) should (?:i|we)", 1.2),
        (r"(?:should (?:i|we)|shall i|do i need|do i have to)", 1.0),
        (r"(?:should|do|shall) (?:i|we) <w5>or", 1.0),
        (r"what would you (?:do|recommend|suggest|change|cut|pick|choose|prioritize|focus on)",
         1.2),
        (r"what (?:did|do) you do|what (?:can|could) i (?:even )?do|what do i do", 1.2),
        (r"(?:how do i|how can i|how should i|how could i|how do we|how can we)", 1.0),
        (r"(?:how would you|what would you)", 0.8),
        (r"(?:how do you|what do you|how did you|how to|how are you \w+ing)", 0.6),
        (r"how (?:do|did|would|does) <w5>(?:deal|handle|manage|cope|decide|make it work|"
         r"approach|stay)", 1.0),
        (r"(?:what am i|am i) (?:missing|doing wrong|overthinking|crazy)", 1.2),
        (r"(?:what are my options|where (?:do|should) i (?:start|begin)|any ideas where)", 1.2),
        (r"(?:is it|is this|would it be) (?:worth|a good idea|a bad idea|stupid|smart|normal)",
         0.9),
        (r"(?:still viable|still worth it|worth it|worth going|worth the (?:money|cost|time)|"
         r"red flag|bad idea)", 0.5),
        (r"is there (?:any|a|another) (?:way|chance|point) (?:to|of)", 1.0),
        (r"(?:do|does) (?:you|i|one) need (?:a|an|to)", 0.6),
        (r"(?:help me|can someone help|can anyone help|need help|please help)", 0.8),
        (r"(?:has anyone|have any of you|did anyone) (?:\w+ ){0,2}(?:gotten|been|had|dealt|"
         r"tried|done|managed|figured)", 0.6),
        (r"(?:not sure (?:what|how|whether|if|where))", 0.6),
        (r"what (?:actually |really )?works(?: for you)?\?", 1.0),
        (r"(?:be (?:honest|brutal)|honest opinions?|thoughts\?|any thoughts)", 0.3),
        (r"(?:pivot|quit|stay|leave|go|push|raise|charge|hire)\?", 0.4),
        (r"(?:vs|versus)", 0.3),
        (r"how much (?:should|do|would) (?:i|we|you)", 1.2),
        (r"(?:career advice|how do i get into|how do i tell|how do i convince|how do i say)", 1.0),
        (r"(?:what(?:'s| is) the (?:move|best way|right move|right way)|any (?:way|ideas) to)",
         0.8),
        (r"(?:what did you wish|wish you'?d known|what worked for you)", 0.8),
    ),
    negatives=cues(
        (r"(?:not|don'?t need|no) (?:looking for |asking for |need |needing |wanting )?"
         r"(?:advice|tips|suggestions|input)", 4.0),
        (r"(?:just|only) (?:venting|celebrating|sharing)", 1.0),
        (r"(?:here'?s|heres|here is|my) (?:my )?(?:advice|tips)", 2.0),
        (r"(?:giving|give|gave|giving out|offer) <w2>advice", 2.0),
        (r"(?:tips|advice|lessons) (?:from|after) (?:a|my|\d)", 1.5),
        (r"(?:from|after) (?:a |an |my )?\d+[ -]years? (?:of|in|as|vet|veteran|experience)", 1.0),
        (r"(?:quick tip|pro tip|protip|tip:)", 1.5),
        # asking which product to use is a solution request, not advice
        (r"(?:what|which) <w2>(?:would|do|does|did) (?:you|y'all|everyone) (?:all |guys )?"
         r"(?:buy|use)", 1.0),
    ),
)

SOLUTION_REQUESTS = Theme(
    "solution_requests",
    cues=cues(
        # asking for a tool, app or service
        (rf"(?:is there|are there|is there already) <w4>{TOOL}", 1.5),
        (rf"(?:any|anyone know|anyone use|anyone using|know of) <w4>{TOOL}[^.?!\n]{{0,60}}\?", 1.2),
        (rf"(?:best|good|decent|simple|simpler|cheap|cheaper|reliable) <w4>{TOOL}", 0.6),
        (rf"(?:what|which) <w3>{TOOL} (?:do|does|did|should|would|are|is)", 1.2),
        (rf"(?:what|which) <w3>{TOOL} (?:for|to)", 1.0),
        (r"(?:what|which) <w1>(?:do|does|did) (?:you|y'all|everyone|people) (?:all |guys )?use",
         1.2),
        (rf"(?:looking for|searching for|shopping for|need|want) (?:a|an|some|any) <w4>{TOOL}",
         1.2),
        (r"(?:looking for|need|want) something (?:simpler|simple|cheaper|better|lighter|"
         r"lightweight|that|with|to|like|for)", 1.2),
        (r"(?:looking for|need) (?:a|an) (?:\w+ ){0,3}(?:3pl|cms|crm|pos|bookkeeper|accountant)",
         1.0),
        (r"(?:alternatives? to|replacement for|substitute for|instead of)", 1.2),
        (r"(?:alternative|alternatives)", 0.5),
        (r"(?:recommend|recommendations?|suggestions?|suggest)", 0.5),
        (r"(?:can|could) (?:anyone|someone|you) recommend", 1.2),
        (rf"{TOOL} (?:recommendations?|suggestions?)", 1.2),
        (rf"{TOOL} (?:that|which|to|for) [^.?!\n]{{0,60}}\?", 0.9),
        (rf"{TOOL}", 0.25),
        (r"what would you (?:buy|use|get|go with)", 1.0),
        (r"(?:switch\w* from|moving off|migrat\w* from|outgrown|outgrew)", 0.5),
        (r"(?:falling apart|isn'?t cutting it|not cutting it|doesn'?t work for us)", 0.4),
    ),
    negatives=cues(
        (rf"(?:not|don'?t need|no) (?:looking for |asking for |need )?(?:a |another )?"
         rf"(?:{TOOL}|recommendations?)", 4.0),
        (r"(?:stop asking for|i don'?t need a)", 3.0),
        (r"(?:i|we) (?:built|made|created|wrote|launched|developed|maintain|run)", 1.5),
        (r"(?:our|my) (?:\w+ )?(?:app|tool|product|platform|saas|extension|agency|service)", 0.5),
        # proposing a product is an idea, not a request for one
        (r"(?:would you|would anyone) (?:use|pay for|install) (?:a|an|it|this|something)", 1.0),
        (r"(?:what if|idea|brainstorm\w*|what would a|would look like)", 1.0),
        (r"(?:announc\w*|psa)", 1.0),
    ),
)

MONEY_TALK = Theme(
    "money_talk",
    cues=cues(
        # amounts of money
        (AMOUNT, 0.75),
        (AMOUNT + r"(?: ?/ ?| per | an? )\w+", 0.4),
        (r"(?:\$|€|£) ?\d[\d,.]*(?:k|m|b|bn|mm)|(?:\$|€|£) ?\d{1,3}(?:,\d{3})+", 0.25),
        (AMOUNT + r"[^\n]{1,80}?" + AMOUNT, 0.3),
        (r"\d[\d,.]*(?:k|m) (?:a|per|/) ?(?:year|month|yr|mo)", 0.8),
        (r"(?<![$€£])(?<![$€£]\s)\d[\d,.]*k", 0.3),
        (r"\d+(?:\.\d+)? ?%", 0.1),
        (r"(?:usd|eur|gbp|dollars|bucks|euros|\d+ grand)", 0.6),
        # revenue, profit, metrics
        (r"(?:mrr|arr|arpu|aov|ltv|cac|cpm|cpc|roas|gmv|ebitda)", 1.2),
        (r"(?:revenue|profit\w*|margins?|income|earnings?|turnover|net \d+)", 0.7),
        (r"(?:unit economics|break ?even|cash ?flow|runway|burn rate|payroll)", 0.8),
        # prices, costs, fees
        (r"(?:pricing|prices|priced|price (?:point|increase|hike|change|tiers?|cuts?))", 0.8),
        (r"(?:price|pricey|overpriced|cheaper|expensive|afford\w*|discount\w*)", 0.5),
        (r"(?:costs?|costing|fees?|charges?|charged|charging|bills?|billed|overdraft)", 0.5),
        (r"how much (?:should|do|does|would|to|will|can)", 0.8),
        (r"(?:would you|would anyone|would people|willing to) pay", 0.8),
        (r"rates (?:steady|unchanged|hikes?|cuts?)|rate (?:hikes?|cuts?)", 0.6),
        (r"(?:salary|salaries|wages?|paycheck|pay cut|commission|rev(?:enue)? share)", 0.5),
        (r"(?:hourly|day) rates?|(?:my|our|your) rates", 0.8),
        (r"(?:raise|raised|raising|double|doubled|charge|set) (?:my |our |your )?rates", 1.0),
        (r"money", 0.4),
        # paying and being paid
        (r"(?:paid|pay|paying|payment|payments|invoice\w*|refund\w*|chargebacks?)", 0.3),
        (r"(?:spend\w*|spent)", 0.2),
        (r"(?:paid off|pay off|paying off|got paid|make \$|making \$|made \$)", 0.8),
        (r"(?:budget|budgets|tax|taxes|loans?|debt|savings|401k|roth|interest rates?)", 0.4),
        # fundraising
        (r"(?:raised|raising|fundrais\w*|pre-?seed|seed round|series [abc]|valuation|safes)", 0.6),
        (r"(?:vcs?|venture capital\w*)", 0.5),
        (r"(?:investors?|angels?|equity|cap table|term sheet|dilution)", 0.2),
        (r"(?:acquired|acquisition|exit|buyout)", 0.3),
    ),
    negatives=cues(
        (r"(?:paid attention|pay attention|price of (?:being|fame|success|freedom))", 1.5),
        (r"pay to play", 0.5),
    ),
)

SELF_PROMOTION = Theme(
    "self_promotion",
    cues=cues(
        # the author made something
        (r"(?:i|we) (?:just |finally |recently )?(?:built|made|created|wrote|launched|designed|"
         r"developed|shipped|released|started|opened|published|recorded|finished) (?:a|an|my|our|"
         r"the|it|v\d+|version|free)", 0.7),
        (r"(?:we'?ve|i'?ve) been (?:building|working on|making)", 0.6),
        (r"(?:we'?re|i'?m|we are|i am) (?:building|making|developing) (?:a|an)", 0.7),
        (r"(?:we|i) (?:run|own|maintain|sell|offer) (?:a|an)", 0.4),
        (r"(?:we|our \w+) integrates? with", 0.4),
        (r"(?:try|test|resell|promote|install|download|use) (?:out )?our", 0.5),
        (r"(?:cross-promotion|co-market\w*|joint webinars?)", 0.5),
        (r"(?:just launched|launching|launched|now live|is live|just released|just opened|"
         r"soft launch|we'?re live)", 0.7),
        (r"(?:show hn|show reddit|show r/\w+|showcase|introducing)", 1.5),
        (r"launch\w* on product hunt", 1.2),
        # pointing people at it
        (r"(?:check (?:it|this|me|us) out|check out (?:my|our)|checked it out|take a look at my)",
         1.0),
        (r"(?:link (?:in|below|is in|in the) (?:the )?(?:comments?|bio|profile)|link below|"
         r"link here|link:)", 0.6),
        (r"(?:subscribe|sign up|signup|grab it|download it|try it|listen) "
         r"(?:here|now|free|from|at)", 1.0),
        (r"(?:free (?:trial|download|for the first|while in beta|to try|audit|copies|copy)|"
         r"first \d+ (?:users|copies|people) free|no signup|no email required|no upsell)", 0.6),
        (r"dot (?:io|com|co|app|dev|me|shop|studio|ai|store|so|xyz|net|org)", 0.8),
        (r"(?:https?|www)", 0.6),
        (r"(?:would love|love to hear|appreciate|welcome) <w1>(?:feedback|thoughts|your thoughts)",
         0.5),
        (r"(?:feedback (?:on|welcome|appreciated)|roast (?:my|our)|be harsh|tear it apart)", 0.6),
        (r"(?:feedback|thoughts)\?", 0.3),
        (r"(?:come visit|come say hi|visit us|mention reddit|use code|promo code|dm (?:me )?for)",
         0.8),
        # what it is
        (r"(?:my|our) (?:new |first |own )?<w2>(?:app|tool|product|saas|startup|store|shop|"
         r"brand|course|ebook|book|newsletter|podcast|channel|video|blog|portfolio|template|"
         r"agency|extension|module|plugin|library|site|game)", 0.4),
        (r"(?:portfolio|my work|case studies)", 0.5),
        (r"(?:available for (?:hire|work|new)|taking (?:on )?new clients|booking for|"
         r"open for commissions|designer available|developer available)", 1.2),
        (r"(?:we|our agency|i) (?:help|helps) <w3>(?:companies|businesses|brands|founders|"
         r"startups|teams|stores)", 0.8),
        (r"(?:helps|lets you|turns|connect) <w4>(?:into|your)", 0.3),
    ),
    negatives=cues(
        (r"(?:not (?:selling|promoting|a plug|an ad|affiliated)|isn'?t a plug|no self[- ]promo|"
         r"no link|not going to (?:name|link))", 4.0),
        (r"(?:launched nothing|didn'?t launch|haven'?t launched|never launched)", 2.0),
        (r"(?:how|where) (?:do|should|can|would) (?:i|you|we) (?:promote|market|launch|sell)", 1.0),
        (r"(?:spamm\w*|spam)", 1.0),
        (r"(?:nobody used|no one used|can'?t sell)", 1.0),
        (r"(?:should i|what should|any advice|what am i doing wrong|should we)", 0.5),
    ),
)

NEWS = Theme(
    "news",
    cues=cues(
        # announcements and reports
        (r"(?:announc\w*|unveil\w*|press release)", 0.8),
        (r"(?:announced|announces)", 0.4),
        (r"(?:reported|reports say|according to|sources say|per (?:their|the) (?:blog|announcement|"
         r"press)|confirmed|officially|postmortem|post-mortem)", 0.5),
        (r"(?:release notes|changelog)", 0.3),
        (r"(?:psa|breaking|heads up|fyi)", 0.6),
        (r"(?:acquires|acquired|acquisition of|acquiring|merger|merges with|"
         r"deal is (?:dead|off|done))", 1.0),
        (r"(?:layoffs?|lays off|laying off|cuts? \d+ (?:jobs|roles)|roles cut|job cuts)", 1.0),
        (r"(?:is out|now out|is now (?:free|available|live|in stable)|rolled out|rolling out|"
         r"rolls out|goes live|went live|now in stable)", 0.6),
        (r"(?:released|ships|shipped|launches)", 0.3),
        (r"(?:is|are) (?:shutting down|sunsetting|deprecating|discontinuing|killing off)", 1.0),
        (r"(?:shutting down|deprecat\w*|sunset\w*|end of (?:life|support))", 0.5),
        (r"(?:is|are) (?:raising|increasing|cutting|lowering|changing|dropping|doubling) <w2>"
         r"(?:prices|fees|rates|pricing|plans?)", 1.0),
        (r"(?:prices|fees|rates|pricing) (?:are |is )?(?:going up|increasing|rising|changing|"
         r"goes up|go up)", 0.8),
        (r"(?:price|fee|rate) (?:cuts?|increase|hike)", 0.5),
        # laws, rules, institutions
        (r"(?:new|final|finalized|proposed) (?:law|rule|rules|regulation|policy|legislation|bill)",
         1.0),
        (r"(?:passed|approved|finalized|signed) (?:a |the )?(?:law|bill|act|rule|text|regulation)",
         1.0),
        (r"(?:act|law|bill|rule|regulation) (?:passed|approved|finalized|takes effect)", 1.0),
        (r"(?:takes effect|take effect|goes into effect|in effect|phase in|phases in|effective)",
         0.6),
        (r"(?:the fed|ftc|sec|irs|fcc|the eu|eu (?:ai act|commission|rules|law)|gdpr|congress|"
         r"parliament|regulators?|city council|"
         r"government|supreme court|court ruled|state legislature)", 0.5),
        (r"(?:council|government|state|city|congress|parliament) (?:voted|passed|approved|opened)",
         1.0),
        (r"(?:starting|from|as of|effective) (?:next|this) (?:month|week|year|quarter)", 0.4),
        (r"(?:starting|as of|from) (?:january|february|march|april|may|june|july|august|"
         r"september|october|november|december|today|tomorrow|monday)", 0.4),
        (r"(?:today|this morning|yesterday|this week|this afternoon|last night)", 0.2),
        (r"(?:v\d+|version \d+|\d+\.\d+ (?:release|released|is out)|chrome \d+)", 0.3),
        (r"(?:blog post|on their blog|email today|got an email)", 0.3),
    ),
    negatives=cues(
        (r"(?:breaking|big|company|our|my|family|personal) (?:news|announcement): "
         r"(?:my|i|i'?m|we'?re|our)", 2.0),
        (r"(?:we|i) (?:just )?(?:announced|launched|released|shipped)", 1.0),
        (r"(?:we|i) (?:just )?(?:got|were|was|have been) (?:acquired|funded|featured)", 2.0),
        (r"(?:our|my) (?:\w+ )?(?:app|tool|product|startup|store|launch)", 0.5),
    ),
)

IDEAS = Theme(
    "ideas",
    cues=cues(
        # naming it an idea
        (r"(?:business|startup|app|product|saas|side project|side hustle|million dollar|free|"
         r"random|crazy|silly|wild|dumb|stupid) ideas?", 1.0),
        (r"(?:idea|concept|pitch|proposal):", 1.2),
        (r"(?:idea|concept) for (?:a|an)", 1.0),
        (r"(?:ideas?|concept)", 0.4),
        (r"(?:brainstorm\w*|shower thought|thinking out loud|hear me out|hypothetical\w*)", 1.0),
        # proposing something to build
        (r"what if (?:there (?:was|were|is)|someone|you could|we could|\w+ (?:could|had|were|"
         r"was|did|shared|paid))", 1.0),
        (r"(?:wouldn'?t it be|would it be|it would be) (?:cool|nice|great|awesome|useful) if", 1.2),
        (r"(?:imagine if|imagine a|someone should (?:build|make|start))", 1.0),
        (r"(?:thinking (?:of|about) (?:building|making|launching|creating)|"
         r"planning to build|i want to build)", 1.2),
        (r"(?:would|will) (?:you|anyone|people|teams|businesses|companies) <w1>(?:use|pay|buy|"
         r"install|want|try|sign up)", 1.0),
        (r"(?:would you|would anyone) (?:actually )?(?:use|pay|buy)", 0.3),
        (r"(?:does (?:this|something like this|it) (?:already )?exist|is this dumb|gimmick|"
         r"validate this)", 0.6),
        (r"(?:people|teams|anyone|businesses|companies|users|customers) would (?:actually )?"
         r"(?:use|pay|buy|want)", 0.8),
        (r"(?:side project|side hustle|mvp|prototype)", 0.4),
        (r"(?:a|an) (?:\w+ )?(?:uber|yelp|airbnb|tinder|netflix|spotify|stripe|linkedin) for", 1.2),
        (r"(?:a|an) <w3>(?:marketplace|subscription box|subscription|platform|app|tool|service|"
         r"network|bot|extension|membership) (?:for|where|that|which)", 0.3),
        (r"(?:business model|what would a better|what problems do you|problems? you'?d pay)", 0.6),
    ),
    negatives=cues(
        (r"(?:no|any|an|some|the|your|their|her|his) (?:startup |business )?ideas? "
         r"(?:why|how|what|where|if|to|whether|is|of)", 1.0),
        (r"(?:no idea|any idea|any ideas|out of ideas|the idea of|good idea|bad idea|"
         r"great idea|as (?:her|his|their) idea)", 1.5),
        (r"(?:your|their|her|his) (?:startup |business |app )?ideas?", 1.5),
        (r"(?:is there|are there|anyone know|anyone use|recommend)", 1.0),
        (r"(?:what|which) would you", 1.0),
        (r"idea validation", 1.5),
    ),
)

OPPORTUNITIES = Theme(
    "opportunities",
    cues=cues(
        # recruiting
        (r"(?:^hiring|hiring:|(?:we'?re|we are|is|are|now|currently|still) hiring)", 1.5),
        (r"(?:hiring|recruiting)", 0.3),
        (rf"(?:looking for|seeking|searching for|need|recruiting|wanted:?) "
         rf"(?:a |an |two |\d+ |some )?<w3>{ROLE}", 1.2),
        (rf"{ROLE} (?:wanted|needed)", 1.2),
        (r"(?:paid gig|gig:|paid (?:research )?study|paid role|paid position|contract role|"
         r"freelance gig|side gig)", 1.2),
        (r"(?:part[- ]time|full[- ]time|remote|hybrid|contract) (?:role|position|job|gig|opening)",
         0.8),
        (r"(?:open (?:roles|positions)|job opening|we'?re looking for|is looking for)", 0.6),
        # how to take it
        (r"(?:apply (?:via|here|by|in|through|now|at|on)|applications? (?:are )?open\w*|"
         r"opened applications)", 1.0),
        (r"(?:dm (?:me )?(?:if|with|samples)|reply if interested|if (?:you'?re )?interested|"
         r"send (?:me )?(?:a message|\w+ samples|your)|message me|reach out)", 0.5),
        (r"(?:equity|profit share|rev(?:enue)? share|commission|\d+/\d+ split)", 0.3),
        # partnerships, collaboration, grants
        (r"(?:open to partnerships?|partnership (?:opportunity|opportunities)|partner (?:with|on)|"
         r"co-?market\w*|white[- ]label|cross-promotion|joint webinars?)", 0.8),
        (r"(?:collab|collaborat\w*|volunteer\w*)", 0.6),
        (r"(?:grants?|fellowships?|scholarships?)", 0.7),
        (r"(?:opportunity|opportunities)", 0.4),
        (r"(?:beta testers?|early testers|testflight|early access)", 0.8),
        (r"(?:need|want) someone (?:to|who)", 0.6),
    ),
    negatives=cues(
        (r"(?:not hiring|no longer hiring|opportunity cost)", 2.0),
        (r"(?:was hiring|hiring my first|after hiring|before hiring|how to hire|"
         r"how do i hire|first hire)", 1.5),
        (r"(?:how do you find|how do i find|where do (?:people|you) (?:find|meet))", 1.0),
    ),
)

# fmt: on

RULES: tuple[Theme, ...] = (
    PAIN_ANGER,
    ADVICE_REQUESTS,
    SOLUTION_REQUESTS,
    MONEY_TALK,
    SELF_PROMOTION,
    NEWS,
    IDEAS,
    OPPORTUNITIES,
)
