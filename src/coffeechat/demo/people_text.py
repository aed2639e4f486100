"""Names, companies, titles and research notes for the demo campaign (plain data)."""

from __future__ import annotations

# -- names ----------------------------------------------------------------------
# (given names, family names, how a full name is written, weight, Latin script).
# Family-first scripts are written the way their owners would type them.
NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...], str, int, bool], ...] = (
    (("Olivia", "Liam", "Siobhan", "Declan", "Hannah", "Callum", "Grace", "Owen", "Maeve",
      "Rory", "Imogen", "Fergus", "Niamh", "Ewan", "Emma", "Noah", "Charlotte", "Jack", "Isla",
      "Oscar", "Freya", "Harry"),
     ("O'Brien", "Murphy", "Campbell", "Walsh", "Fitzgerald", "MacLeod", "Thompson", "Clarke",
      "Hughes", "O'Connor", "Lloyd-Williams", "Sinclair", "Gallagher", "Reid", "Bennett",
      "Harris", "Foster", "Palmer", "Kennedy", "Doyle", "McKenzie", "Whitfield"),
     "{g} {f}", 14, True),
    (("José", "María", "Lucía", "Mateo", "Camila", "Alejandro", "Ximena", "Joaquín", "Inés",
      "Diego", "Valentina", "Andrés", "Sofía", "Pablo", "Carmen", "Javier", "Renata", "Emilio"),
     ("García", "Núñez", "Hernández", "Ortiz", "Peña", "Castillo", "Ramírez-Ortega", "Fuentes",
      "Ibáñez", "Morales", "Quispe", "Salazar", "Vargas", "Delgado", "Rojas", "Cabrera",
      "Mendoza", "Navarro"), "{g} {f}", 11, True),
    (("Chloé", "Théo", "Amélie", "Jérôme", "Océane", "François", "Élodie", "Anne-Sophie",
      "Jean-Luc", "Mathis", "Noémie", "Gaëlle", "Julien", "Léa", "Antoine", "Margaux",
      "Étienne", "Camille"),
     ("Tremblay", "Gagnon", "Lefèvre", "Bouchard", "Côté", "Dubois", "Lévesque", "Roy",
      "D'Amours", "Bélanger", "Girard", "Moreau", "Fournier", "Pelletier", "Beaulieu",
      "Rousseau"), "{g} {f}", 9, True),
    (("Øyvind", "Åsa", "Sigrid", "Jörg", "Björn", "Liv", "Mats", "Annika", "Søren", "Ingrid",
      "Lena", "Henrik", "Nils", "Freja", "Erik", "Maren", "Jonas", "Katrin"),
     ("Hansen", "Løvås", "Lindqvist", "Müller", "Østergaard", "Johansson", "Schäfer", "Berg",
      "Eriksen", "Nyström", "Weiß", "Jäger", "Andersen", "Fischer", "Sørensen", "Krüger"),
     "{g} {f}", 9, True),
    (("Linh", "Minh", "Thảo", "Quang", "Huy", "Trang", "Phương", "Đức", "Hạnh", "Tuấn", "Anh",
      "Bảo", "Mai", "Ngọc", "Khoa"),
     ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Huỳnh", "Vũ", "Đỗ", "Ngô"),
     "{g} {f}", 7, True),
    (("Wei", "Xiaoling", "Jun", "Mei", "Hao", "Yiting", "Zhiwei", "Lan", "Jing", "Tao", "Yun",
      "Xin", "Qian", "Ming", "Rui", "Hui"),
     ("Chen", "Zhang", "Liu", "Wang", "Huang", "Zhou", "Lin", "Xu", "Wu", "Li", "Yang", "Zhao",
      "Sun", "Guo"), "{g} {f}", 9, True),
    (("Yuki", "Haruto", "Aiko", "Ren", "Sakura", "Kenji", "Emi", "Daichi", "Mio", "Takeshi",
      "Naoko", "Riku", "Hana", "Shota"),
     ("Tanaka", "Sato", "Watanabe", "Ito", "Nakamura", "Kobayashi", "Yoshida", "Suzuki",
      "Takahashi", "Yamamoto", "Inoue", "Hayashi"), "{g} {f}", 5, True),
    (("Ji-woo", "Min-jun", "Seo-yeon", "Ha-eun", "Do-yoon", "Soo-ah", "Ye-jin", "Seung-ho",
      "Eun-ji", "Hyun-woo"),
     ("Kim", "Park", "Lee", "Choi", "Jung", "Kang", "Yoon", "Cho", "Han", "Shin"),
     "{g} {f}", 5, True),
    (("Priya", "Arjun", "Ananya", "Rohan", "Aisha", "Vikram", "Divya", "Farhan", "Meera",
      "Sanjay", "Kavya", "Imran", "Neha", "Aditya", "Pooja", "Rahul", "Sana", "Karthik"),
     ("Patel", "Sharma", "Iyer", "Reddy", "Chatterjee", "Khan", "Gupta", "Menon", "Banerjee",
      "Singh", "Desai", "Nair", "Mehta", "Rao", "Joshi", "Kapoor", "Qureshi", "Pillai"),
     "{g} {f}", 12, True),
    (("Omar", "Layla", "Yousef", "Noor", "Karim", "Rania", "Samir", "Hala", "Tariq", "Dina",
      "Hassan", "Salma", "Ziad", "Amira", "Bilal", "Yasmin"),
     ("Haddad", "Al-Mansour", "Khoury", "Nasser", "El-Amin", "Saleh", "Barakat", "Aziz",
      "Farouk", "Hamdan", "Jaber", "Sabbagh"), "{g} {f}", 7, True),
    (("Amara", "Chidi", "Ngozi", "Kwame", "Ama", "Tendai", "Folake", "Thabo", "Wanjiru", "Kofi",
      "Zanele", "Yaw", "Adaeze", "Kagiso", "Efua", "Jabari", "Obinna", "Abena"),
     ("Okafor", "Mensah", "Adeyemi", "Mwangi", "Nkosi", "Boateng", "Okonkwo", "Diallo",
      "Achieng", "Osei", "Ndlovu", "Eze", "Asante", "Kamau", "Dlamini", "Otieno", "Bello"),
     "{g} {f}", 10, True),
    (("Katarzyna", "Piotr", "Zofia", "Tomáš", "Milena", "Dragan", "Eszter", "Lukáš", "Jana",
      "Bartosz", "Agnieszka", "Marek", "Petra", "Jakub", "Vesna"),
     ("Nowak", "Dvořák", "Horváth", "Petrović", "Kovač", "Wiśniewski", "Novák", "Szabó",
      "Kowalczyk", "Jovanović", "Horák", "Nagy", "Marić"), "{g} {f}", 6, True),
    (("João", "Beatriz", "Gonçalo", "Thiago", "Larissa", "Inês", "Rafael", "Mariana", "Duarte",
      "Leonor", "Caio", "Fernanda"),
     ("Conceição", "Magalhães", "Araújo", "Souza", "Ribeiro", "Carvalho", "Ferreira", "Pereira",
      "Almeida", "Lopes", "Moura"), "{g} {f}", 5, True),
    (("Emre", "Zeynep", "Elif", "Burak", "Ayşe", "Can", "Selin", "Deniz", "Mert", "Ece",
      "Kerem"),
     ("Yılmaz", "Şahin", "Öztürk", "Çelik", "Aydın", "Kaya", "Demir", "Arslan", "Koç",
      "Güneş"), "{g} {f}", 4, True),
    (("Aroha", "Tama", "Mere", "Wiremu", "Sione", "Leilani", "Mele", "Manaia", "Hēmi",
      "Kaimana"),
     ("Ngata", "Parata", "Tuhiwai", "Fifita", "Tupou", "Kealoha", "Tamihana", "Faleolo"),
     "{g} {f}", 3, True),
    (("花子", "健", "美咲", "翔太", "陽菜", "一郎", "直樹", "恵子", "大輔"),
     ("山田", "佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "中村", "小林"), "{f} {g}", 2, False),
    (("伟", "娜", "敏", "静", "磊", "芳", "丽", "军", "洋"),
     ("王", "李", "张", "陈", "刘", "杨", "赵", "黄"), "{f}{g}", 2, False),
    (("민지", "서준", "지우", "하은", "도윤", "수빈", "예준", "채원"),
     ("김", "이", "박", "최", "정", "강", "윤", "장"), "{f}{g}", 1, False),
    (("Анна", "Ольга", "Мария", "Екатерина", "Наталья", "Татьяна"),
     ("Петрова", "Соколова", "Иванова", "Смирнова", "Кузнецова", "Попова"), "{g} {f}", 1, False),
    (("Дмитрий", "Сергей", "Алексей", "Иван", "Михаил", "Андрей"),
     ("Петров", "Соколов", "Иванов", "Смирнов", "Кузнецов", "Попов"), "{g} {f}", 1, False),
    (("Ελένη", "Νίκος", "Σοφία", "Γιώργος", "Δημήτρης", "Αθηνά"),
     ("Οικονόμου", "Γεωργίου", "Αλεξίου", "Νικολάου", "Βασιλείου"), "{g} {f}", 1, False),
    (("ليلى", "عمر", "نور", "كريم", "سارة", "يوسف", "مريم", "خالد"),
     ("حداد", "خوري", "ناصر", "صالح", "منصور", "العلي"), "{g} {f}", 1, False),
    (("נועה", "איתי", "מאיה", "יונתן", "דניאל", "תמר", "עומר"),
     ("כהן", "לוי", "מזרחי", "פרץ", "אברהם", "שפירא"), "{g} {f}", 1, False),
)
# In a mixed city many people carry a family name from another culture than
# their given name; that and middle initials keep 10,000 names mostly distinct.
ANY_FAMILY = tuple(family for pool in NAMES if pool[4] for family in pool[1])
INITIALS = "ABCDEFGHJKLMNPRSTW"

# -- organisations and roles ------------------------------------------------------------
# (name, industry key, tags, what they do)
COMPANIES: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("Northwind Outfitters", "retail", ("fashion", "outdoor"),
     "Outdoor clothing brand with 60 stores and a fast-growing online shop."),
    ("Maple & Thread", "retail", ("fashion", "womenswear"),
     "Womenswear label known for in-house design and tight seasonal drops."),
    ("Loom Collective", "retail", ("fashion", "resale"),
     "Second-hand fashion marketplace that curates and resells pre-owned clothes."),
    ("Tidewater Home", "retail", ("homeware",),
     "Homeware chain moving from catalogue sales to a modern online shop."),
    ("Harvest Table Grocers", "retail", ("grocery", "co-op"),
     "Regional grocery co-op with 14 stores and a strong local-sourcing story."),
    ("Ledgerline", "fintech", ("payments", "b2b"),
     "Invoicing and payments for small businesses; about 300 people."),
    ("Copperleaf Bank", "fintech", ("banking",),
     "Digital-first bank that is slowly shrinking its branch network."),
    ("Paywise", "fintech", ("payments", "startup"),
     "Series B start-up building budgeting tools for gig workers."),
    ("Harbour Credit Union", "fintech", ("banking", "co-op"),
     "Member-owned credit union with a surprisingly modern data team."),
    ("Cedar Health Network", "healthcare", ("hospital", "public"),
     "Network of three hospitals and twenty community clinics."),
    ("St. Brigid's Hospital", "healthcare", ("hospital", "teaching"),
     "Teaching hospital with a large nursing-informatics programme."),
    ("Pulse Diagnostics", "healthcare", ("medtech", "regulated"),
     "Makes point-of-care blood-testing devices; regulated, slow and careful."),
    ("MindBridge Therapy", "healthcare", ("mental-health", "startup"),
     "Online therapy platform matching clients with licensed counsellors."),
    ("City of Riverton", "public-sector", ("municipal",),
     "Municipal government; its digital services team was founded in 2021."),
    ("Department of Transport", "public-sector", ("government", "transport"),
     "The national department: transport policy, road safety and rail contracts."),
    ("Provincial Health Authority", "public-sector", ("government", "health"),
     "Plans and funds health services across the province."),
    ("Riverton Public Library", "public-sector", ("libraries", "community"),
     "Twelve branches, a maker space and a busy digital-skills programme."),
    ("Pixel Harbor Games", "games", ("indie", "mobile"),
     "Thirty-person studio making cosy mobile puzzle games."),
    ("Quillfeather Studios", "games", ("narrative", "pc"),
     "Story-driven PC and console games, known for branching dialogue."),
    ("Lantern Interactive", "games", ("aaa", "console"),
     "Large studio on its third open-world title; 900 people over two sites."),
    ("Greenline Energy", "climate", ("renewables", "community-energy"),
     "Develops community-owned solar and wind projects."),
    ("Carbonwise", "climate", ("carbon-accounting", "saas"),
     "Carbon-accounting software for mid-sized manufacturers."),
    ("Tidal Works", "climate", ("marine", "hardware"),
     "Builds tidal-stream turbines; runs a pilot array off the north coast."),
    ("Solstice Grid", "climate", ("grid", "batteries"),
     "Battery storage and grid-balancing services for utilities."),
    ("Meridian Partners", "consulting", ("strategy",),
     "Strategy consultancy with retail and public-sector clients."),
    ("Brightpath Consulting", "consulting", ("digital", "public-sector"),
     "Digital-transformation consultancy for government and charities."),
    ("Atlas & Co.", "consulting", ("operations", "boutique"),
     "Boutique operations consultancy of about forty people."),
    ("University of Northfield", "education", ("university", "research"),
     "Research university with 30,000 students and a big co-op office."),
    ("Lakeshore College", "education", ("college", "apprenticeships"),
     "Community college with strong co-op and apprenticeship programmes."),
    ("Kestrel Learning", "education", ("edtech",),
     "Edtech company building adaptive maths practice for schools."),
    ("Orbitly", "tech", ("saas", "remote-first"),
     "Project-management software; 1,200 people, remote-first."),
    ("Driftwood Software", "tech", ("agency",),
     "Software agency building apps for clients in health and retail."),
    ("Nimbus Data", "tech", ("data", "b2b"),
     "Data-warehousing and analytics platform sold to large retailers."),
    ("Fernbrook Labs", "tech", ("ai", "startup"),
     "Small start-up applying machine learning to document processing."),
    ("The Riverton Courier", "media", ("news", "local"),
     "Local newspaper rebuilding itself around a membership model."),
    ("Open Shelf Foundation", "nonprofit", ("literacy", "charity"),
     "Literacy charity running reading programmes in forty schools."),
    ("Kindred Food Bank", "nonprofit", ("food-security", "charity"),
     "Food bank with a big volunteer base and a small paid staff."),
    ("Wayfarer Logistics", "logistics", ("freight", "last-mile"),
     "Freight and last-mile delivery, heavy on routing optimisation."),
    ("Ironbridge Manufacturing", "logistics", ("manufacturing", "rail"),
     "Makes components for rail carriages and wind turbines."),
    ("Oat & Ember Bakery Co.", "food", ("bakery", "hospitality"),
     "Bakery chain with eight cafés and a wholesale arm."),
    ("Studio Marrow", "design", ("architecture",),
     "Architecture practice specialising in schools and libraries."),
    ("Okafor Lindqvist LLP", "legal", ("law-firm",),
     "Mid-sized law firm focused on employment and technology law."),
)

# industry key -> (label for the company file, phrase for sentences, titles)
INDUSTRIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "retail": ("Retail & fashion", "retail", (
        "Buyer", "Assistant Buyer", "Merchandise Planner", "Store Manager", "Visual Merchandiser",
        "E-commerce Manager", "Brand Marketing Manager", "Product Developer")),
    "fintech": ("Financial technology", "fintech", (
        "Product Manager", "Software Engineer", "Risk Analyst", "Compliance Officer",
        "Data Analyst", "Customer Success Lead", "Financial Advisor", "UX Designer")),
    "healthcare": ("Healthcare", "healthcare", (
        "Nurse Manager", "Registered Nurse", "Clinical Informatics Specialist", "Physiotherapist",
        "Health Data Analyst", "Patient Experience Lead", "Pharmacist",
        "Clinical Research Coordinator")),
    "public-sector": ("Public sector", "public service", (
        "Policy Advisor", "Senior Policy Analyst", "Programme Manager", "Urban Planner",
        "Communications Officer", "Service Designer", "Librarian", "Procurement Officer")),
    "games": ("Video games", "games", (
        "Game Designer", "Level Designer", "Producer", "Gameplay Programmer", "QA Lead",
        "Community Manager", "Narrative Designer", "Technical Artist")),
    "climate": ("Climate & energy", "climate tech", (
        "Sustainability Analyst", "Energy Modeller", "Project Developer", "Grid Engineer",
        "Carbon Accounting Lead", "Field Technician", "Policy Lead")),
    "consulting": ("Consulting", "consulting", (
        "Management Consultant", "Senior Associate", "Engagement Manager",
        "Change Management Lead", "Strategy Analyst")),
    "education": ("Education", "education", (
        "Professor", "Lecturer", "Career Advisor", "Research Associate", "Instructional Designer",
        "Admissions Officer", "Lab Manager")),
    "tech": ("Software", "tech", (
        "Software Engineer", "Product Manager", "UX Researcher", "Data Scientist",
        "Engineering Manager", "Technical Writer", "Product Designer",
        "Site Reliability Engineer", "Developer Advocate")),
    "media": ("Media", "media", ("Journalist", "Editor", "Audience Editor", "Podcast Producer")),
    "nonprofit": ("Non-profit", "non-profit work", (
        "Grants Manager", "Programme Coordinator", "Volunteer Coordinator", "Fundraising Manager")),
    "logistics": ("Logistics & manufacturing", "logistics", (
        "Operations Manager", "Supply Chain Analyst", "Process Engineer", "Plant Manager",
        "Logistics Coordinator")),
    "food": ("Food & hospitality", "food and hospitality", (
        "Head Baker", "Operations Lead", "Category Manager", "Food Safety Manager")),
    "design": ("Architecture & design", "architecture", (
        "Architect", "Interior Designer", "Project Architect")),
    "legal": ("Legal", "law", ("Associate Lawyer", "Paralegal", "Legal Operations Manager")),
}
ANY_COMPANY_TITLES = (
    "Recruiter", "Talent Acquisition Partner", "HR Business Partner", "Marketing Manager",
    "Data Analyst", "Finance Manager", "Product Manager", "Software Engineer", "UX Researcher",
    "Office Manager", "Executive Assistant",
)
INDEPENDENT = (
    ("Freelance UX Designer", "design"), ("Independent Consultant", "consulting"),
    ("Freelance Copywriter", "media"), ("Freelance Data Analyst", "tech"),
)
PREVIOUS = (
    "a barista", "a secondary-school teacher", "a support engineer", "a retail store manager",
    "a junior accountant", "a PhD in marine biology", "a call-centre team lead",
    "an army logistics officer", "a journalist", "a physiotherapist", "a graphic designer",
    "a paralegal", "a chef", "a lab technician", "a professional musician",
)

# (how we met, tags it implies); {old} is another company, {industry} a phrase.
HOW_WE_MET: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("University of Northfield, same economics seminar", ("alumni",)),
    ("Worked together at {old}", ("ex-colleague",)),
    ("First job: we started at {old} the same week", ("ex-colleague",)),
    ("Met at a product meetup downtown", ("meetup",)),
    ("Connected on LinkedIn after a conference talk", ("linkedin",)),
    ("Cold message on LinkedIn; replied within a day", ("linkedin", "cold")),
    ("Neighbour, lives two doors down", ("neighbour",)),
    ("Climbing gym, Tuesday bouldering night", ("climbing",)),
    ("Volunteer shifts at Kindred Food Bank", ("volunteering",)),
    ("My sister's old flatmate", ("family-friend",)),
    ("Book club", ()),
    ("Hackathon team-mate", ("hackathon",)),
    ("Alumni mentoring programme", ("alumni", "mentor")),
    ("Five-a-side football on Thursdays", ()),
    ("Sat next to each other at a friend's wedding", ()),
    ("Community choir", ()),
    ("Parent at my kid's school", ("school",)),
    ("Data bootcamp cohort", ("bootcamp",)),
    ("Lakeshore College evening course", ("alumni",)),
    ("Coworking space on Harbour Street", ()),
    ("Met at the {industry} careers fair", ("careers-fair",)),
    ("", ()),
)
LINKEDIN_TAG = "linkedin"

# -- research notes --------------------------------------------------------------------
BACKGROUND = (
    "{first} has been {title} at {company} for about {years} years. Before that: {prev}.",
    "Started out as {prev}, then moved into {industry} through a contract role that turned "
    "permanent.",
    "Joined {company} straight after a master's degree and has stayed through two "
    "reorganisations.",
    "Came to {industry} late, after ten years as {prev}, and talks openly about the switch.",
    "Has moved between three {industry} employers in six years, each time for a bigger remit.",
    "Spent the early career abroad; came back to lead a small team at {company}.",
)
WHY_TALK = (
    "Does the job I am curious about, and has hired for it.",
    "Made the move I am considering, so knows where the pitfalls are.",
    "Knows how {company} really works, beyond the careers page.",
    "Sits next to the team I would most like to join.",
    "Known for being generous with time for career changers.",
    "Writes thoughtfully about {industry} online; I keep quoting the posts.",
)
ASK_IDEAS = (
    "What a first year as {title} looks like", "How the team measures success",
    "Whether {company} hires career changers", "Which skills to build first",
    "How the {industry} job market has changed since 2020", "Who else I should talk to",
    "What to read to keep up", "How much of the role is people versus numbers",
    "What the interview process at {company} is like", "Which certifications matter",
)
RESEARCH = (
    "Read {first}'s post about moving into {industry}.",
    "Watched the talk {first} gave at a {industry} meetup; recording on the events page.",
    "{company} announced a new office; {first}'s team is growing.",
    "Heard {first} on a podcast episode about career changes.",
    "Noticed an open {title} role on the {company} careers page.",
    "A mutual connection says {first} prefers early-morning calls.",
    "Read the {company} annual report; the strategy section mentions {first}'s team.",
    "Saw {first} comment on a thread about hiring juniors; very candid.",
    "Checked the {company} salary bands on the public job board.",
    "{first} shared a reading list; saved three of the books.",
    "Found {first}'s name in the {company} press release about the new team.",
    "Read three recent {company} job ads to learn the vocabulary.",
    "{first} was on a panel at the {industry} careers fair; took notes.",
    "Read staff reviews of {company}; mixed on work-life balance.",
    "Asked a friend what {first}'s team is known for.",
    "Read {first}'s old conference slides; the second half is the interesting part.",
    "Checked which of my contacts also know {first}.",
    "{company} published its annual diversity report; {first}'s department is highlighted.",
    "Subscribed to {first}'s newsletter; the last issue was about hiring juniors.",
    "Drafted a first message to {first}; kept it to four sentences.",
)
LEARN = (
    "How {first} got a first {industry} job without a degree in it",
    "What a normal week as {title} looks like",
    "Whether {company} takes career changers, and through which door",
    "How {first}'s team decides what to work on next quarter",
    "What {first} would do in my position, honestly",
    "Which skills I should build first for {industry}",
)

# -- companies ---------------------------------------------------------------------------
COMPANY_INTEREST = (
    "The {industry} work I want to do happens here at real scale.",
    "Good reputation for training juniors and people changing careers.",
    "Several people in my network work here, so warm introductions are possible.",
    "A mission I care about; pay is lower than elsewhere but the work matters.",
    "Growing fast, which means new teams and roles that are not advertised yet.",
)
COMPANY_HIRING = (
    "Hires in two waves, spring and autumn; most roles go to referrals.",
    "The careers page is always out of date, so ask people directly.",
    "The graduate scheme closes in November; experienced hires all year round.",
    "Public pay bands; interviews are competency-based, so prepare STAR answers.",
    "A take-home case study for most analytical roles, four hours at most.",
)
COMPANY_QUESTIONS = (
    "How do product and operations split the work?", "What changed after the last reorganisation?",
    "Is remote work real or merely tolerated?", "Which teams are growing this year?",
    "How long until new starters feel productive?", "What do people leave for?",
    "Who owns the budget for new roles?",
)
COMPANY_LEARN = (
    "Which teams at {company} take people changing careers",
    "How {company} decides what to fund next year",
    "What the path from junior to senior looks like at {company}",
)
EXTRA_COMPANY_TAGS = ("target", "hiring", "remote-friendly", "b-corp", "unionised")
