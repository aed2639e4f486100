"""Asks, notes, answers and debriefs for the demo campaign (plain data)."""

from __future__ import annotations

from coffeechat.core.models.interview import Channel, Status

# -- interviews ---------------------------------------------------------------------------
GOALS = ("explore-role", "understand-team", "applying-for-role", "break-into-industry",
         "path-and-advice")
GOAL_WEIGHTS = (30, 15, 15, 20, 20)
# Mostly-done campaign; any six consecutive interviews cover every status.
STATUS_CYCLE: tuple[Status, ...] = (
    "done", "scheduled", "asked", "idea", "declined", "cancelled", "done", "done", "scheduled",
    "asked", "done", "done", "idea", "declined", "done", "scheduled", "asked", "done", "done",
    "done",
)
INTENTS = {
    "explore-role": (
        "Learn what {first}'s job as {title} at {company} involves week to week, and whether "
        "I'd enjoy it.",
        "Find out what a normal day in a {title} role looks like beyond the job ads.",
        "See whether {title} work suits someone who likes both people and numbers.",
    ),
    "understand-team": (
        "Understand how {first}'s team at {company} plans its work and decides priorities.",
        "Learn how the {industry} side of {company} is organised and who decides what.",
        "Map which teams at {company} work together, and where the friction is.",
    ),
    "applying-for-role": (
        "Learn what the open {title} role on {first}'s team really needs before I apply.",
        "Understand what a strong first year looks like in the {title} opening at {company}.",
        "Check whether my experience fits the {title} posting and what to stress in my "
        "application.",
    ),
    "break-into-industry": (
        "Find out how people without a {industry} background land a first job in {industry}.",
        "Learn which of my skills carry over into {industry}, and what I would need to learn.",
        "Understand the routes into {industry} that don't show up in job ads.",
    ),
    "path-and-advice": (
        "Hear how {first} moved from being {prev} into {title} work, and what {first} would "
        "do in my place.",
        "Learn what shaped {first}'s path to {company} and what advice {first} has for a "
        "career changer.",
        "Ask {first} about the turning points in a {industry} career.",
    ),
}
CHANNELS: tuple[Channel, ...] = ("message", "email", "call", "in-person")
CHANNEL_WEIGHTS = (45, 35, 15, 5)
ASKS = {
    "message": (
        "LinkedIn message: asked for 20 minutes to hear about {first}'s work as {title}.",
        "Messaged to say I'm exploring {industry} and asked for a short coffee chat.",
        "Short message asking for 25 minutes, in whatever format suits {first}.",
    ),
    "email": (
        "Emailed to ask for a 25-minute chat about {company}; kept it to four sentences.",
        "Email: introduced myself, said what I'm curious about, offered three time slots.",
    ),
    "call": (
        "Called {first} to ask for a coffee chat next week; {first} asked for details by "
        "email.",
        "Phoned after a friend shared the number; {first} picked up straight away.",
    ),
    "in-person": ("Asked {first} in person after the meetup; we swapped numbers.",),
}
REFERRED_ASKS = (
    "{intro} suggested I get in touch; asked {first} for 20 minutes about the {title} role.",
    "Replied to {intro}'s introduction email, thanked {intro}, and asked {first} for a short "
    "call.",
)
NUDGES = (
    "Gentle nudge: bumped my message in case it got buried.",
    "Short follow-up: 'no worries at all if now is not a good time'.",
    "Nudged once more, keeping it short and friendly.",
)
REPLIES = (
    "Replied: happy to help, suggested {day}.",
    "{first} said yes, prefers {format}, and suggested {day}.",
    "Quick yes; asked me to pick any slot on {day}.",
)
PENDING_REPLIES = (
    "Replied: happy to, once the quarter closes; asked me to check back.",
    "Said yes in principle; waiting for {first} to send some times.",
)
INVITES = ("Sent the calendar invite for {when}.", "Confirmed {when} and sent the invite.")
DECLINES = (
    "Replied: too busy this quarter, suggested trying again after the summer.",
    "Politely declined: just started a new role. Pointed me to the team's blog instead.",
    "Said no to a meeting but answered two of my questions by email.",
)
CANCELS = (
    "{first} had to cancel for a family matter; said to try again next month.",
    "I cancelled: it clashed with a job interview. Will rebook.",
    "Called off after {first}'s team was reorganised; {first} will get back to me.",
)
THANKS_SENT = ("Sent a thank-you email with the article we discussed.",
                "Thank-you note sent on LinkedIn.")
FORMAT_WORDS = {"in-person": "meeting in person", "video": "a video call", "phone": "a call"}
OPENINGS = {
    "in-person": ("Met at the café near {company}; {first} ordered a flat white ☕.",
                  "Arrived early; {first} came straight from a planning meeting."),
    "video": ("Video call; {first} had the camera off at first, then switched it on.",
              "Started on time; {first} shared a screen with the team's org chart."),
    "phone": ("Phone call; {first} was walking between meetings, so kept it brisk.",
              "Called at the agreed time; a bit of small talk about {company}'s new office."),
}
NOTE_LINES = (
    "{first} joined {company} about three years ago from a much smaller team.",
    "Budget season dominates the third quarter; nothing new starts then.",
    "Uses spreadsheets far more than any fancy tool: 'the spreadsheet is the product'.",
    "Team of seven: two seniors, three mids, a lead and a contractor.",
    "Hiring happens in spring; roles are often filled before they are posted.",
    "**Surprise:** almost no one on the team studied {industry}.",
    "Recommended the newsletter {first} reads every Monday.",
    "Biggest frustration: decisions get made twice because notes get lost.",
    "They measure success by repeat customers, not revenue.",
    "Process: screen, case study, panel. The case is take-home, four hours at most.",
    "Good job titles to search for: 'analyst', 'coordinator', 'associate'.",
    "On career changers: 'we like them, they ask the questions we stopped asking.'",
    "Three things that matter most:\n- clear writing\n- knowing when to escalate\n"
    "- following through on small promises",
    "Laughed about the first week: nobody had set up a laptop.",
    "Remote two days a week; on Tuesdays everyone is in.",
    "Said the {title} title means different things at different companies.",
    "Worth reading: the {company} annual report, the strategy section.",
    "Most of the work is coordination with suppliers and other teams.",
    "Pay bands are public for some roles; check the posting.",
    "Asked about my background; thinks the teaching experience is a plus.",
    "Shadowed a senior colleague for a month before owning anything.",
    "Pain point: a system from 2009 that only two people understand.",
    "'Don't apply cold. Get someone to walk your CV over.'",
    "The team runs a monthly open session that outsiders can sit in on.",
    "There is a training budget but nobody uses it; ask about it in interviews.",
    "Regulation drives much of the roadmap; compliance has a veto.",
    "Favourite part: seeing their work used by real customers.",
    "Least favourite: quarterly planning, 'six weeks of slides'.",
    "Mentioned a volunteer role that would give me relevant experience quickly.",
    "Asked what I'd read so far; suggested two better sources.",
    "Career ladder: associate, senior, lead; about two or three years each.",
    "They use OKRs, but nobody takes them too seriously.",
    "Strong opinion: a portfolio beats a certificate, every time.",
    "Conference worth going to: the regional {industry} summit in the autumn.",
    "Note to self: say 'stakeholders' less and 'customers' more.",
    "Peak season is brutal; plan holidays around it.",
    "Cleared up the difference between two teams I had mixed up.",
    "Sketched the org chart on a napkin (photo on my phone):\n- operations\n- planning\n"
    "- a small data team that everyone borrows",
    "Offered to review my CV once I have rewritten the summary.",
    "Interesting tension between head office and the front line; both sides have a point.",
)
CLOSINGS = (
    "Wrapped up on time; {first} said to keep in touch.",
    "Ran ten minutes over; {first} did not seem to mind.",
    "Asked how I can help in return; {first} wants to hear how the search goes.",
)
ANSWERS: dict[str, tuple[str, ...]] = {
    "thanks-and-purpose": ("Fine for 25 min; hard stop at the half hour.",
                           "Said 30 is fine, happy to run over a bit."),
    "time-check": ("Yes, ten more minutes.", "Had to wrap up, so skipped to the last two."),
    "typical-week": ("Mon/Tue planning, Wed deep work, Thu-Fri firefighting.",
                     "A third meetings, a third analysis, a third chasing people."),
    "recent-project": ("A pricing change: six weeks, four teams, one ugly spreadsheet.",
                       "Rebuilt onboarding; the research took longer than the build."),
    "time-split": ("40% meetings, 40% solo, 20% requests; mornings blocked for focus.",
                   "Mostly requests in busy season; solo work after 4 pm."),
    "core-skills": ("Clear writing, saying no politely, knowing the numbers cold.",
                    "Managing stakeholders, and comfort with ambiguity."),
    "wish-known": ("How much of the job is persuasion rather than analysis.",
                   "That the first year is mostly learning the org chart."),
    "who-it-serves": ("Store managers and regional directors; customers only indirectly.",
                      "Internal clients: finance and operations."),
    "team-purpose": ("'The right product in the right place at the right time.'",
                     "Keep the service running and make it a bit better every quarter."),
    "cross-team": ("Daily with finance and logistics, weekly with marketing.",
                   "Engineering and legal, mostly through one shared channel."),
    "current-priorities": ("Cutting costs without hurting the customer experience.",
                           "Moving off the old system before the contract ends in June."),
    "decision-making": ("The director decides, after a written proposal goes round.",
                        "Consensus in the weekly meeting; deadlocks go to a steering group."),
    "friction-points": ("Approvals: anything over budget needs three sign-offs.",
                        "Data lives in five places and nobody trusts any of them."),
    "planning-cadence": ("Quarterly plans, monthly check-ins, weekly triage.",
                         "Annual budget, then two-week sprints inside it."),
    "team-success": ("Hit the margin target and keep stock-outs under 2%.",
                     "Fewer complaints and faster turnaround, tracked weekly."),
    "weekly-rhythm": ("Monday stand-up, Thursday review, Friday demo.",
                      "Daily 15-minute huddle; a monthly retro with the department."),
    "what-to-understand": ("That most of the work is negotiation, not spreadsheets.",
                           "How much runs on informal favours between teams."),
    "description-vs-reality": ("About 70% accurate; undersells the supplier management.",
                               "The 'data' part is mostly Excel, not Python."),
    "why-role-now": ("A backfill: the last person moved to the strategy team.",
                     "New funding; expanding into a second region."),
    "team-needs-now": ("Someone to bring order to the reporting.",
                       "A calm person who can handle messy stakeholders."),
    "first-90-days": ("Meet everyone, learn the tools, ship one small win.",
                      "Shadow first, then own the weekly report by week six."),
    "biggest-challenge": ("Too many priorities and an overloaded manager.",
                          "Legacy systems, and a team tired of reorganisations."),
    "key-relationships": ("The finance partner and the head of operations.",
                          "The clinical leads: they decide what actually gets adopted."),
    "manager-style": ("Hands-off; expects problems flagged early.",
                      "Detail-oriented; likes written updates on Fridays."),
    "strong-candidates": ("Had clearly done their homework on the product.",
                          "Career changers with a clear story about why."),
    "success-after-a-year": ("Reporting runs itself and the team trusts the numbers.",
                             "Running their own small projects."),
    "anything-to-prepare": ("Read the annual report; know the three big initiatives.",
                            "Brush up on SQL; the case uses real data."),
    "where-newcomers-come-from": ("Retail floor and consulting; career changers are common.",
                                  "Mostly graduate schemes, but that is changing."),
    "transferable-skills": ("Teaching carries into training; hospitality into customer empathy.",
                            "Project management from anywhere, and any numbers background."),
    "credentials": ("A certificate helps for junior roles, irrelevant after two years.",
                    "No master's needed; a portfolio is."),
    "skill-gaps": ("The vocabulary and the regulation; both take about six months.",
                   "Commercial awareness: how the money actually flows."),
    "first-step": ("Go to the monthly meetup and volunteer at one event.",
                   "Take the free intro course, then do one small project to show."),
    "how-it-started": ("Fell into it after a summer job.",
                       "A professor's offhand comment in second year."),
    "path-overview": ("Shop floor, area manager, head office, current role: nine years.",
                      "PhD, postdoc, then a bootcamp and a jump to industry."),
    "turning-point": ("Being made redundant in 2019 forced a rethink.",
                      "Saying yes to a secondment nobody else wanted."),
    "hardest-transition": ("The first management role: stop doing, start enabling.",
                           "Moving countries and starting over without a network."),
    "mentors": ("An old manager who gave honest feedback every Friday.",
                "A peer group of five who meet monthly."),
    "do-differently": ("Ask for feedback earlier instead of waiting for reviews.",
                       "Specialise later; the generalist years paid off."),
    "one-thing": ("Talk to more people before deciding anything.",
                  "Nobody has it figured out; pick the next interesting thing."),
    "good-decisions": ("A pros-and-cons list, then asks three friends anyway.",
                       "Asks: will I learn more here in a year?"),
    "skills-that-carried": ("Waiting tables: reading a room and staying calm.",
                            "A thesis: running a long project alone."),
    "learning-habits": ("Two newsletters and one conference a year.",
                        "Teaches a night class, which forces keeping up."),
}
GENERIC_ANSWERS = ("Good answer; more in the notes.", "Short answer, see notes at the time stamp.",
                    "Wasn't sure; suggested asking the team lead.")
HEARD = tuple(line for line in NOTE_LINES if "\n" not in line)
# Long notes draw on the answers too, so that they rarely repeat a line.
LONG_NOTE_LINES = NOTE_LINES + tuple(
    answer for answers in ANSWERS.values() for answer in answers)
OWN_QUESTIONS = (
    ("Is the team planning to hire in the spring?", "Maybe one junior role, not confirmed."),
    ("What would you read first if you were me?", "The trade newsletter and one textbook."),
    ("How did the last reorganisation change your work?", "More reporting, fewer meetings."),
    ("Do people move between teams internally?", "Yes, after about 18 months; it's encouraged."),
)
REFERRAL_WHY = (
    "{title} at {company}; made a similar career change.",
    "Hires juniors every spring at {company}.",
    "Knows everyone in {industry} in this city.",
    "The best person to explain how {company} actually makes decisions.",
    "Moved into {industry} two years ago from a very different field.",
    "Mentors career changers through an alumni programme.",
    "Just went through the {company} hiring process from the other side.",
)
PROMISES = (
    "Send me the slides from the team's strategy day", "Forward my CV to the hiring manager",
    "Share the reading list from the leadership course", "Invite me to the next {industry} meetup",
    "Send the link to the internal job board", "Ask the recruiter whether the role is still open",
)
LEARNED = (
    "The job is more about relationships with suppliers than about taste.",
    "Hiring is mostly through referrals; the posting is a formality.",
    "Most of the team came from unrelated fields.",
    "The work follows a strict yearly rhythm set by the budget.",
    "One concrete project I can talk about beats any certificate.",
    "Data skills are scarce there, so even basic SQL stands out.",
    "Success is measured by repeat customers, not one-off wins.",
    "Regulation shapes everything; compliance joins every planning meeting.",
    "The first year is mostly learning who to ask.",
    "Small teams mean everyone does a bit of everything.",
)
SURPRISES = (
    "How much of the day is spent in spreadsheets.",
    "That {first} almost left the field in year two.",
    "No one on the team has the 'right' degree.",
    "Pay is better than I assumed, but progression is slow.",
    "The team hires only through internal referrals.",
    "Remote work is the exception, not the rule.",
    "How candid {first} was about the bad parts.",
)
NEXT_STEPS = (
    "Rewrite my CV summary around the skills {first} pointed out.",
    "Sign up for the meetup {first} mentioned.", "Read the {company} annual report.",
    "Do a small portfolio project with public data.",
    "Ask about volunteering with the team's community programme.",
    "Check back with {first} in a month.",
)
UPDATES = (  # shown as "Send an update to Sam (…)"
    "how the next conversations went", "where I landed after the {industry} research",
    "which role I applied for in the end",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PHONES = ("+1 555-01{:02d}", "+44 7700 900{:03d}", "+61 491 570 {:03d}")
