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
  ("not looking for advice" is not an advice request), for the model too.

The weights are the rules' own judgement (`cues.rule_scores`); the service's
scorer (`score`) takes every matched cue and the evidence as features and
learns how much each really says. After changing a rule, retrain it
(`python -m subsignal.themes.train`) and judge the change by the benchmark's
cross-validated figures, never by the held-out set's.
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
# Platforms, companies and institutions whose moves are news when they make them.
PLATFORM = (
    r"(?:google|amazon|shopify|etsy|ebay|meta|facebook|instagram|tiktok|tiktok shop|x|twitter|"
    r"linkedin|youtube|reddit|pinterest|apple|the app store|microsoft|openai|anthropic|chatgpt|"
    r"stripe|paypal|square|slack|notion|asana|atlassian|jira|adobe|canva|figma|upwork|fiverr|"
    r"squarespace|wix|wordpress|wp engine|mailchimp|hubspot|salesforce|zoom|github|gitlab|"
    r"vercel|heroku|netlify|cloudflare|aws|azure|patreon|substack|intuit|quickbooks|xero|"
    r"freshbooks|gusto|brex|mercury|uber|doordash|airbnb|zillow|nar|the irs|irs|hmrc|the ftc|"
    r"ftc|the sec|the fed|the dol|dol|the eu|eu|fasb|ups|usps|fedex|royal mail|dhl|klaviyo|"
    r"godaddy|namecheap|gumroad|kajabi|teachable|udemy|substack|discord|twitch|spotify|"
    r"visa|mastercard|amex|walmart|target|costco|tesla|nvidia|intel|samsung|the state|"
    r"our state|the city|the county|our county|our city|congress|parliament|the government|"
    r"the court|the school board|our district|the district|our school district|the board|"
    r"osha|epa|fmcsa|the fda|fda|cfpb|the ato|ato|cra|unity|steam|valve|broadcom|vmware|"
    r"zapier|klaviyo|semrush|ahrefs|hostinger|bluehost|binance|coinbase|robinhood|vanguard)"
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
        (r"(?:stress\w*|at my wit'?s end|out of ideas|at a loss|don'?t know what else to do)", 0.6),
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
        # distress in other words
        (r"(?:want|wanted|going) to (?:scream|cry|quit|throw up|pull my hair out)", 1.0),
        (r"(?:cried|cry|tears|sobbing)", 0.6),
        (r"(?:scared|terrified|nervous|anxious|anxiety|freaking out|worried sick|sick to my "
         r"stomach)", 0.6),
        (r"(?:betrayed|humiliat\w*|embarrass\w*|feel (?:so )?stupid|feel like (?:an idiot|a "
         r"failure|crap)|ashamed)", 0.8),
        (r"(?:lose|losing) my (?:mind|shit|temper|cool)|going (?:insane|crazy|nuts)", 1.0),
        (r"(?:running on fumes|breaking point|can'?t (?:take|do) (?:it|this) anymore|"
         r"had enough|last straw|at the end of my rope|fed up)", 1.0),
        (r"burn(?:ed|t|ing) (?:me|us|myself) out|burned out|burnt out", 1.0),
        (r"(?:robbing|robbed|ripped off|rip-?off|highway robbery|daylight robbery|extortion)", 0.8),
        (r"(?:rough|tough|hard|awful|terrible|brutal|horrible|shitty) (?:week|month|year|day|"
         r"time|few (?:weeks|months)|quarter)", 0.6),
        (r"(?:sleeping badly|can'?t sleep|haven'?t slept|no sleep|sleepless)", 0.8),
        (r"(?:blames? me|blaming me|takes credit|took credit|yelled|screamed at|snapp(?:ed|ing) at|"
         r"threw me under)", 0.8),
        (r"(?:went dark|won'?t pay|hasn'?t paid|refus\w+ to pay|stiffed|left me hanging|"
         r"disappeared with|took (?:a|the|my) deposit and)", 0.8),
        (r"(?:losing|lost|bleeding|burning) (?:money|cash|sleep|customers|clients)", 0.6),
        (r"(?:suspended|banned|deactivated|deleted|shut down|froze|frozen|withheld|held) "
         r"(?:my|our)", 0.6),
        (r"(?:fun monday|great\.|love that for me|thanks a lot|just perfect|awesome\.)", 0.4),
        (r"(?:sigh|smh|facepalm|kill me|why me|unreal|i can'?t even)", 0.5),
        (r"(?:dreading|dread|hate it|hate this|hate that|so over|sick of)", 0.6),
        (r"(?:overworked|underpaid|understaffed|stretched (?:thin|too thin)|drowning in)", 0.8),
        (r"(?:bugging me|bugs me|gets to me|getting to me|eating at me|doesn'?t care anymore|"
         r"taking over my life|ready to mutiny)", 0.8),
        (r"(?:laid off|got fired|let go|lost my job|lost the contract|lost (?:our|my) biggest)",
         0.8),
        (r"(?:vanished|disappeared|went silent|went quiet|unreachable|got burned)", 0.5),
        (r"(?:behind on (?:rent|bills|payroll)|can'?t make (?:rent|payroll)|can'?t pay (?:rent|"
         r"my|our))", 1.0),
        (r"(?:tanked|nuked|plummeted|cratered|wrecked|destroyed|crashed)", 0.5),
        (r"(?:on hold for|hours on hold|still waiting|no reply|no response|weeks? later)", 0.5),
        (r"(?:fight|fighting|argue|arguing) (?:about|over|constantly|all the time)", 0.7),
        (r"is it just me or", 0.8),
        (r"(?:stressing me|stressed out|stresses me|this is fine|love it here|send help|"
         r"please help me|bait and switch|nickel and dim\w+|feels bad|it stung|stung|"
         r"getting hammered|off a cliff|i'?m going to lose it|gonna lose it)", 0.8),
        (r"how (?:is|are) (?:anyone|anybody|we|people|small \w+) (?:even )?supposed to|"
         r"how do (?:ppl|people|they) even|who (?:is|are) making these decisions", 1.0),
        (r"(?:\d+|three|four|five|six|seven|ten) times (?:this|now|already|in a row|today)|"
         r"(?:asked|told|tried|called|emailed) (?:\w+ ){0,2}(?:\d+|three|four|five|six) times",
         0.6),
        (r"insanely (?:slow|expensive|bad|buggy|annoying|frustrating|complicated)|unhinged", 0.8),
        (r"(?:blanked|bombed|choked|screwed up|messed up)", 0.5),
        (r"(?:lol|lmao|lmfao|ffs|smh|ugh+)", 0.4),
        (r"(?:can'?t get (?:a|any|anyone|a single|a straight)|won'?t let me|won'?t budge)", 0.5),
        (r"(?:nobody (?:answers|responds|cares)|no one (?:answers|responds|cares)|"
         r"keeps? closing my|support (?:is|was) (?:useless|a joke|nowhere))", 0.6),
    ),
    negatives=cues(
        (r"(?:no complaints|not complaining|can'?t complain|not (?:a rant|venting|ranting))", 1.0),
        (r"(?:killing it|crushing it|crushed (?:it|my)|smashing it|insanely good|stupidly good|"
         r"ridiculously good|(?:i'?m|i am) dying to|over the moon|so proud|thrilled)", 1.0),
        # pitches borrow pain words ("tired of paying $30? I built ...")
        (r"(?:i|we) (?:just )?(?:built|made|created|launched)", 0.5),
        (r"(?:so i|so we) (?:built|made|created|wrote|started)", 1.0),
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
        (r"(?:is it|would it be|is that|is this|am i) (?:\w+ )?(?:dumb|stupid|normal|smart|wise|"
         r"crazy|legal|a mistake|too late|okay|ok|reasonable|fair|unreasonable|overkill|enough|"
         r"realistic|viable|wrong)", 0.9),
        (r"(?:talk me (?:out of|into)|convince me (?:not )?to|help me decide|sanity check)", 0.9),
        (r"how (?:are|do) (?:others|other \w+|you all|y'all|people|folks|you guys) (?:\w+ )?"
         r"(?:handling|handle|dealing|deal|managing|manage|coping|approaching|doing it)", 1.0),
        (r"(?:anyone been through this|has anyone (?:else )?dealt|anyone dealt with|"
         r"been in (?:this|my|a similar) (?:situation|spot|position))", 0.8),
        (r"(?:where do i (?:even )?start|i don'?t know (?:how|what|where|whether|if)|"
         r"no idea (?:how|what|where|whether|if))", 0.8),
        (r"(?:do|should|can) (?:i|we) (?:\w+ )?(?:kill|keep|sell|quit|stay|leave|hire|fire|raise|"
         r"lower|pivot|take|accept|say|tell|push|wait|go|switch|move|sign|sue|ask|stop|start|"
         r"drop|pay|charge|offer|open|close|expand|invest|report|file|incorporate|rent|buy)\b",
         0.8),
        (r"what (?:are|is) (?:other|others|everyone|you(?: all)?|people|y'all) (?:\w+ )?"
         r"(?:paying|charging|doing|offering|budgeting)", 0.8),
        (r"(?:what should|what would|what do) (?:i|we|you) (?:\w+ ){0,3}(?:first|next|now)", 1.0),
        (r"(?:any (?:tips|advice|pointers|suggestions|ideas) (?:on|for) (?:how|what|where|"
         r"handling|dealing|getting|finding|making))", 1.0),
        (r"(?:how (?:do|can|should) (?:i|we|you) (?:\w+ ){0,2}(?:give|tell|handle|deal|get|find|"
         r"price|ask|stop|start|know|decide|choose|manage|balance|keep|make|fix|grow|explain|"
         r"approach|prepare|negotiate|push back|escalate|recover))", 1.0),
        (r"(?:is there a way to|any way to)", 0.8),
        (r"(?:worth it\?|worth the (?:money|cost|time|risk)\?|or not\?|or wait\?|yes or no\?)",
         0.6),
        (r"(?:help\.|help!|need help|please help|advice\?|thoughts on what to do)", 0.6),
        (r"(?:career advice|job advice|business advice|legal advice|tax advice)", 0.8),
        (r"(?:is it dumb|is it better|would it be better|better to|"
         r"which (?:would|should) (?:you|i))", 0.8),
        (r"(?:at this point\?|or just (?:\w+ ){0,3}\w+\?|what are my options|how to handle|"
         r"what would you (?:do|recommend|suggest))", 0.8),
        (r"(?:(?:i|we) need (?:ideas|suggestions|help) (?:for|with|on)|ideas for (?:a|an|my|our))",
         1.0),
        (r"(?:would you still|would you go|would you take|would you rather)", 0.8),
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
        # opinion polls and curiosity are not advice
        (r"(?:just curious|out of curiosity|curious (?:how|what|if|whether)|"
         r"for a (?:blog )?post i'?m writing|not asking for (?:my|me)|"
         r"what'?s your (?:favou?rite|take|hot take)|hot take|"
         r"unpopular opinion|change my mind|is it just me)", 1.2),
        (r"(?:what do you (?:all |guys )?think (?:of|about)|thoughts on (?:the|this|their|"
         r"\w+'s))", 0.6),
        (r"(?:honestly (?:curious|wondering)|just wondering|"
         r"not (?:a complaint|complaining) exactly|how do you (?:all |guys )?feel about|"
         r"what'?s your experience|what'?s been your experience|anyone else\?|"
         r"share your stories|want to hear (?:real )?stories|not thinking of)", 1.0),
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
        (r"(?:what'?s|what is) (?:everyone|everybody|every1|y'all|people|you all) (?:using|use)",
         1.2),
        (r"(?:point me to|know (?:a|of a|any) (?:good )?\w+|recommend (?:a|an|any|me))", 0.8),
        (r"(?:a good|a reliable|a decent|a trustworthy|an affordable) (?:\w+ ){0,2}(?:bookkeeper|"
         r"accountant|lawyer|attorney|cpa|cleaner|contractor|plumber|electrician|agency|3pl|"
         r"printer|supplier|manufacturer|developer|designer|host|provider|broker|"
         r"service|company|firm|vendor|photographer)", 1.0),
        (r"(?:replacement for|replace (?:mailchimp|quickbooks|\w+) with|switch (?:away )?from|"
         r"moving (?:off|away from)|better than)", 0.6),
        (r"(?:what are (?:\w+ ){0,3}using|what do (?:\w+ ){0,3}use for|what'?s the best "
         r"(?:\w+ )?(?:option|way to (?:track|manage|handle|send|collect|store|get)))", 0.9),
        (r"(?:something else|or other)\?", 0.6),
        (r"(?:any|is there (?:a|an|any)) (?:\w+ ){0,4}(?:that|which) (?:can|will|lets?|handles?|"
         r"does|works)", 0.8),
        (r"best (?:\w+ ){1,3}(?:for|that|under|with|in \d{4}|right now|to use|\?)", 0.8),
        (r"(?:vs|versus)\.? \w+", 0.5),
        (r"(?:what|which) \w+(?: \w+)? (?:are|is|do) (?:you|y'all|everyone|people|folks) "
         r"(?:all )?(?:using|use|running|recommend)", 1.2),
        (r"anyone (?:here )?(?:using|use|tried|recommend) (?:a|an)", 0.8),
        (r"(?:any good|good free|any free|best free) (?:\w+ )?(?:resources?|courses?|books?|"
         r"options?|apps?|tools?|sites?)", 0.8),
        (r"(?:what did you (?:end up|switch to|move to|go with|replace)|"
         r"what are you (?:all )?(?:moving|switching) to|where did you (?:move|switch))", 1.0),
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
        (r"(?:not looking (?:to switch|for a new)|just curious what|i'?m not affiliated)", 2.0),
        (r"(?:would you|would anyone|would \w+) (?:actually )?(?:use|pay|join|want)", 1.0),
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
        (r"(?:for hire|hire me)", 1.5),
        (r"(?:taking on|accepting|have (?:some )?availability|availability (?:from|in|for)|"
         r"open (?:for|to) (?:new )?(?:clients|projects|work|commissions)|(?:\d+|a few|two|three) "
         r"(?:openings|spots|slots)|booking (?:now|for))", 1.0),
        (r"(?:my|our) (?:first |new |latest )?(?:course|book|podcast|newsletter|channel|template|"
         r"app|tool|extension|game|album|ebook|plugin|theme|shop|store|website|site|portfolio) "
         r"(?:is (?:out|live|up|finally)|just (?:hit|passed|launched|crossed|went live)|launches|"
         r"launched)", 1.2),
        (r"(?:on (?:gumroad|etsy|amazon|bookshop|behance|dribbble|github|product hunt|"
         r"the app store|google play|spotify|apple podcasts|itch\.io|kickstarter|indiegogo|"
         r"my website|our website|our site|my site))", 0.6),
        (r"(?:coupon|discount code|\d+% off|use the code|free for (?:the first|beta|life)|"
         r"lifetime (?:free|access|deal)|free lifetime|no card (?:needed|required)|"
         r"no credit card|\d+[- ]day (?:free )?trial)", 0.7),
        (r"(?:i|we) (?:\w+ )?(?:built|made|created|designed|wrote|launched|released|shipped|"
         r"published|recorded|drew|illustrated|painted|knitted) (?:\d+|some|this|these)", 0.6),
        (r"(?:i'?m|we'?re|i am|we are) (?:a|an) (?:\w+[- ]){0,3}(?:designer|developer|dev shop|"
         r"studio|agency|consultant|coach|photographer|writer|copywriter|researcher|bookkeeper|"
         r"accountant|va|freelancer|property manager|illustrator|editor|videographer|tutor)",
         0.5),
        (r"(?:does the (?:\w+ )?for you|works with (?:quickbooks|shopify|stripe|xero|slack|"
         r"notion|zapier)|sick of \w+ing\? \w+)", 0.8),
        (r"(?:our|my) (?:agency|studio|firm|company|team|shop) (?:is|does|builds|offers|"
         r"specializes|specialises)", 0.6),
        (r"(?:my|our) (?:\w+ )?(?:newsletter|podcast|channel|blog|course|shop|store|book) "
         r"(?:on|about|for|just|has|hit|passed|crossed)", 0.8),
        (r"(?:(?:i|we) (?:made|built|created) (?:a )?free|free to (?:download|use|try)|no signup|"
         r"no sign-up|no paywall|pay what you want|pay-what-you-want|screenshots in)", 0.8),
        (r"(?:i|we) run (?:a|an) \d+[km]?[- ]?(?:subscriber|member|follower|listener)", 1.0),
        (r"(?:we'?re a|i'?m a) (?:\w+ ){0,2}(?:dev shop|studio|agency|team) (?:that|who|with)",
         0.8),
        (r"(?:i started offering|now offering|we now offer|i offer|we offer)", 0.8),
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
        (r"(?:i'?m not affiliated|not affiliated|whoever built it|no affiliation)", 3.0),
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
        # a platform or institution making a move
        (rf"{PLATFORM}(?:'s)? (?:\w+ ){{0,3}}(?:is |are |just |has |have |quietly |finally |"
         rf"officially |now |again )*(?:raising|raised|increasing|increased|cutting|cut|cuts|"
         rf"dropping|dropped|drops|killing|killed|kills|ending|ended|ends|removing|removed|removes|"
         rf"retiring|adding|added|adds|launching|launched|launches|releasing|released|rolling out|"
         rf"rolled out|shutting|shut|changing|changed|changes|moving|forcing|forced|banning|banned|"
         rf"bans|testing|bought|buys|acquired|acquiring|acquires|buying|charging|suing|sued|"
         rf"pausing|paused|reversed|delaying|delayed|switching|requiring|requires|updated|"
         rf"updating|limiting|limits|deprecating|deprecated|sunsetting|introducing|introduced|"
         rf"rebranding|laying off|laid off|is down|went down|passed|voted|approved|finalized|"
         rf"ruled|pushed|extended|nuked|tanked|broke|penalizes|penalizing|squeezing|hiking|hiked)",
         1.0),
        (r"(?:outage|is down|went down|status page|post-?mortem|down for everyone)", 0.6),
        (r"(?:new|updated|revised|latest) (?:pricing|fees?|fee structure|terms|policy|policies|"
         r"rules?|guidelines|tos|algorithm|core update|update|regulation|requirements?|law|"
         r"standard|threshold|program|plan|tier)", 0.5),
        (r"(?:core update|algorithm update|policy change|rule change|minimum wage|overtime rule|"
         r"tax (?:law|rule|change)|settlement|court ruling|lawsuit|litigation|deadline (?:got |"
         r"was )?(?:pushed|extended|moved))", 0.7),
        (r"(?:goes|go|going|went) up (?:in|on|from|to|again)|rising to|rises to|raised to|"
         r"going up again|up again", 0.5),
        (r"(?:saw (?:the|an|it|this) (?:announcement|email|news|article|headline|update)|"
         r"per the email|per their|in their (?:email|blog|announcement)|just saw (?:it|this))",
         0.6),
        (r"(?:takes effect|from april|from january|next (?:school )?year|this (?:spring|fall|"
         r"summer|winter))", 0.2),
        (r"(?:rba|the fed|fed|bank of canada|boc|boe|bank of england|ecb|rbi|central bank) "
         r"(?:\w+ )?(?:holds|cuts|raises|hikes|keeps|held|cut|raised|hiked|kept)", 1.2),
        (r"(?:cuts|raises|hikes|holds) (?:the )?(?:cash |interest |policy )?rates?", 0.8),
        (r"(?:new|final|finalized|proposed|updated|upcoming) (?:\w+ ){1,2}(?:law|rule|rules|"
         r"regulation|policy|legislation|bill|requirement|mandate|standard|fee|program|regime|"
         r"pricing|tax)", 0.8),
        (r"(?:osha|epa|fmcsa|faa|fda|eeoc|cfpb|ato|cra|nhs|ofcom|ico|cnil|gdpr|dsa|dma)", 0.5),
        (r"(?:go|goes|went|is|are) down(?: for| right now|\?)|having (?:issues|problems) right now|"
         r"status (?:page|says)", 0.6),
        (r"(?:changelog|now supports|now available|out of (?:preview|beta)|generally available|"
         r"is now (?:free|available|live|out|generally)|now lets you|now allows)", 0.8),
        (r"(?:being|been|is|was) (?:cancelled|canceled|scrapped|reversed|rolled back|struck down|"
         r"blocked|delayed|postponed)", 0.6),
        (r"(?:starts|begins|kicks in|comes into force) (?:in |on )?(?:january|february|march|"
         r"april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|"
         r"jul|aug|sep|sept|oct|nov|dec|next|this|today|tomorrow|\d)", 0.6),
        (r"(?:prices?|rates?|costs?|fees?|taxes) (?:are |is |have |has )?(?:finally )?"
         r"(?:coming down|going up|went up|gone up|rising|falling|dropping|dropped|up \d+|"
         r"down \d+)", 0.6),
        (r"(?:a headline|read that|long read|reports? that|reportedly|leaked)", 0.5),
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
        (r"would (?:a|an) <w6>(?:be useful|work|sell|make sense|be worth|fly|have a market|"
         r"find an audience|get used|help)", 1.2),
        (r"would (?:\w+ )?(?:landlords|teachers|nonprofits|people|anyone|you|sellers|freelancers|"
         r"founders|businesses|companies|customers|parents|users|districts|owners|agencies|"
         r"restaurants|students|developers|devs|designers|candidates|clients|buyers|shops|stores|"
         r"creators|schools) (?:\w+ ){0,2}(?:use|pay|join|buy|want|care|sign up|go for|subscribe)",
         1.0),
        (r"(?:i wish there (?:was|were)|"
         r"someone (?:please |should |needs to )?(?:build|make|create)|"
         r"why (?:doesn'?t|isn'?t there|hasn'?t anyone)|there should be)", 1.0),
        (r"(?:stupid or genius|genius or|dumb idea|crazy idea|is this crazy|is this dumb|"
         r"would this work|is there (?:demand|a market|appetite)|worth building|should i build)",
         0.8),
        (r"(?:feature (?:idea|suggestion|request)|side project idea|business idea|app idea|"
         r"product idea|startup idea|half[- ]baked)", 1.0),
        (r"(?:i think there'?s a business in|there'?s a business (?:in|here)|untapped|gap in the "
         r"market|nobody (?:has built|does this|is doing))", 1.0),
        (r"(?:what if|imagine)", 0.5),
        (r"(?:co-?op|marketplace|subscription box|membership|pool) (?:for|where|of|that)", 0.4),
        (r"(?:considering|thinking (?:of|about)) (?:starting|building|launching|a|an)", 0.6),
    ),
    negatives=cues(
        (r"(?:no|any|an|some|the|your|their|her|his) (?:startup |business )?ideas? "
         r"(?:why|how|what|where|if|to|whether|is|of)", 1.0),
        (r"(?:no idea|any idea|any ideas|out of ideas|the idea of|good idea|bad idea|"
         r"great idea|as (?:her|his|their) idea)", 1.5),
        (r"(?:your|their|her|his) (?:startup |business |app )?ideas?", 1.5),
        (r"(?:is there|are there|anyone know|anyone use|recommend)", 1.0),
        (r"(?:what|which) would you", 1.0),
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
        (r"(?:paid|paying|we'?ll pay|compensated|stipend|gift card|honorarium) (?:\w+ ){0,4}"
         r"(?:interviews?|study|studies|survey|participants|pilot|testers|test|session)", 1.0),
        (r"(?:call for (?:speakers|papers|proposals|applications|submissions|entries)|open call|"
         r"accepting (?:proposals|applications|submissions)|now accepting)", 1.2),
        (r"(?:looking for|seeking|need) (?:a |an |two |\d+ |some )?(?:co-?host|guests?|"
         r"speakers?|mentees?|participants|pilot (?:users|schools|teachers|customers)|"
         r"someone to (?:split|share|join|co-?\w+))", 1.2),
        (r"(?:guest spots?|spots open|seats open|positions open|roles open|slots open)", 1.0),
        (r"(?:swap|exchange|cross-?promot\w*|co-?host|partner up|team up)", 0.5),
        (r"(?:seeking|looking for) (?:a |an )?(?:part[- ]time|full[- ]time|fractional|contract|"
         r"freelance|remote) \w+", 1.2),
        (r"(?:we need|we'?re looking for|looking for) \d+ (?:\w+ ){0,2}(?:to|for|who)", 1.0),
    ),
    negatives=cues(
        (r"(?:not hiring|no longer hiring|opportunity cost)", 2.0),
        (r"(?:was hiring|hiring my first|after hiring|before hiring|how to hire|"
         r"how do i hire|first hire)", 1.5),
        (r"(?:how do you find|how do i find|where do (?:people|you) (?:find|meet))", 1.0),
        (r"(?:no open roles|not hiring right now|what made you choose|your first (?:ever )?"
         r"(?:freelance )?gig)", 2.0),
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
