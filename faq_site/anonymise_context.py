"""The words around a name: what stands before a person (a title, a role, "my colleague"), what
follows one ("says", "'s mum", "from accounts"), and what shows a place or a firm instead
("in", "office", "Ltd"). Only patterns live here; anonymise_names and anonymise_writing use them.
"""

from __future__ import annotations

import re

from faq_site.anonymise_rules import by_first_letter

# Words that introduce a person when they stand straight before a name, with or without "my".
_ROLE_WORDS = (
    r"customer|client|candidate|applicant|colleague|co-?worker|employee|intern|"
    r"contractor|consultant|freelancer|recruiter|volunteer|tenant|patient|student|pupil|user|"
    r"member|subscriber|lead|prospect|contact|manager|boss|supervisor|director|founder|"
    r"owner|partner|husband|wife|son|daughter|child|mother|mum|mom|father|dad|brother|sister|"
    r"cousin|aunt|uncle|grandmother|grandfather|gran|nan|nephew|niece|friend|neighbour|neighbor|"
    r"landlord|landlady|carer|solicitor|lawyer|accountant|DPO|officer|engineer|developer|"
    r"administrator|admin|assistant|secretary|receptionist|agent|rep|representative|advis[eo]r|"
    r"coordinator|executive|analyst|specialist|technician|nurse|doctor|teacher|coach|"
    r"fianc[ée]e?|spouse|ex|stepson|stepdaughter|trainer|hire|joiner|starter|mate|guy|"
    r"treasurer|chair|ceo|cto|cfo|coo|head|lead|vet|gp|dentist|tutor|lecturer|supervisor|holder|"
    r"inhaber|inhaberin|kontoinhaber|kontoinhaberin|"
    r"pharmacist|caretaker|cleaner|warden|plumber|electrician|courier|postman|postwoman|"
    r"worker|midwife|physio|therapist|surveyor|inspector|paramedic|optician|dispenser|"
    r"salesman|saleswoman|salesperson|instructor|lifeguard|mechanic|valuer"
)
# Every match of the patterns marked (?=\w) starts with a letter or a digit: the lookahead says
# so first, which lets the regex engine pass over spaces and word endings without trying
# each alternative there. It changes no match.

_ROLE = re.compile(
    r"(?=\w)"
    rf"(?i:\b(?:{_ROLE_WORDS}|"
    r"e\.g\.|eg|i\.e\.|ie|attn|attention|it's|its|it\s+is|"
    r"nickname|volunteers?|i'm|i\s+am|im|this\s+is|call\s+(?:him|her|them|me)|aka|a\.k\.a\.|me|"
    r"parent\s+of|mother\s+of|father\s+of|behalf\s+of|welcome(?:\s+back)?,?|"
    # "mama of Gabija", "uncle and guardian of Fola", "madre de Mateo"
    r"(?:mum|mom|mam|mama|mummy|mommy|guardian|uncle|aunt|auntie|aunty|grandma|grandmother|"
    r"grandad|grandfather|nan|nana|carer)\s+of|(?:madre|padre|m\u00e3e|pai|m\u00e8re)\s+de|"
    r"name\s+is|"
    # Who a message is for, or who the writer spoke to: "please tell Nicola", "forward to
    # Nicola:", "on the phone to Claire", "message for Stuart"
    r"tell|forward(?:ed)?\s+(?:(?:it|this)\s+)?to|pass(?:ed)?\s+(?:(?:it|this|on)\s+)?to|"
    r"(?:speak|speaking|spoke|talk|talking|talked)\s+(?:to|with)|phone\s+to|"
    r"message\s+(?:for|to)|thanks\s+to|"
    r"Head\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    r"(?:\s*[,:(]\s*|\s+))$"
)
# Words after which a place, not a person, is named.
_PLACE_BEFORE = re.compile(
    r"(?=\w)"
    r"(?i:\b(?:in|at|near|around|outside|inside|into|across|through|via|based|located|live|"
    r"lives|living|moved|visiting|visited|office|offices|branch|store|shop|town|city|"
    r"county|street|road|the|à|aus|im|em|vivo\s+a|vivo\s+en)\s+)$"
)
_ARTICLE_BEFORE = re.compile(r"(?i:\b(?:a|an|the|this|that|our|your|their|its|my|his|her)\s+)$")

# ", my colleague", ", our new starter": who the person just named is.
_APPOSITION = (
    rf",[ \t]+(?:(?i:my|our|his|her|their|the)[ \t]+)(?:[a-z-]+[ \t]+)?(?i:{_ROLE_WORDS})\b"
)
APPOSITION = re.compile(_APPOSITION)
# Verbs and phrases that follow a person's first name at the start of a sentence.
_PERSON_AFTER = re.compile(
    r"[ \t]+(?:says|said|asked|asks|wants|wanted|told|thinks|thought|joined|set|sent|emailed|"
    r"called|rang|believes|left|agreed|mentioned|complained|signed|uploaded|exported|deleted|"
    r"needs|needed|and\s+I|and\s+[A-Z][a-z]+\s+(?:both|have|are|were|asked|want)|has|had|is\s+"
    r"(?:asking|leaving|our|my|a|the|on|off|in)|was\s+(?:asking|our|my|a|the|told)|will\s+be|"
    r"would|can|could|should|does|doesn't|did|didn't|never|only|still|also|just|keeps|got|gets|"
    r"prefers|likes|lives|moved|resigned|retired|died|passed|applied|complained|phoned|texted|"
    r"works|worked|handles|runs|ran|used|uses|found|noticed|forwarded|replied|wrote|writes|"
    r"(?:\([A-Za-z &]+\)[ \t]+)?here\b|from\s+[A-Z][a-z]+\s+here\b|again\b|"
    r"(?:from|in)\s+[A-Z][a-z]+'s\s+team\b|"
    r",?\s+from\s+(?:the\s+)?[A-Z][a-z]+[.,!]|"
    r"from\s+[A-Z]\w+\s+(?:support|customer\s+service|security|billing|help\s*desk)\b|"
    r"(?:at|on|in|from)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:reception|front\s+desk|desk|till|counter|"
    r"shop|salon|store|warehouse|kitchen)\b|"
    r"(?:in|from|at|on)\s+(?:the\s+|our\s+|my\s+)?[a-z][a-z-]+(?:\s+[a-z]+)?\s+"
    r"(?:team|dept|department|office)\b|(?:in|from)\s+(?:the\s+)?(?:HR|IT|[a-z]+)\b|"
    # "Ben in your Norwich branch", "Dawn at the Leeds showroom"
    r"(?:in|from|at)\s+(?:the|your|our)\s+[A-Z][a-z]+\s+(?:branch|store|showroom|shop|office|"
    r"depot|centre|center|site|team)\b)"
    rf"|{_APPOSITION}"
    # "Oluwaseun's file", "Tyrone's mum": what is a person's own.
    r"|(?:'s|\u2019s)\s+(?:mum|mom|dad|mother|father|wife|husband|son|daughter|brother|sister|"
    r"partner|boss|manager|phone|number|mobile|email|address|account|file|record|records|details|"
    r"data|payslip|CV|contract|passport|photo|login|profile|inbox|medical|salary|pay|"
    r"appraisal|grievance|sick|leave|home|house|flat|car|kids|children|child|parents|family|"
    r"iPhone|iPad|MacBook|laptop|tablet|Galaxy|Pixel|PC)\b"
)
_PLACES_LISTED = re.compile(
    r"\b(?:in|at|near|between)\s+[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?,?\s+(?:and|or|&)\s+$"
)
# "He", "she" and the like soon after a word show that it named a person.
_PRONOUN_AFTER = re.compile(r"(?i)\b(?:he|she|him|her|his|hers|himself|herself)\b")
_PREPOSITION_BEFORE = re.compile(r"(?i:\b(?:to|from|by|with|for|and|or|cc)\s+|&\s*)$")
_ROLE_BEFORE = re.compile(
    rf"(?i:\b(?:my|our|his|her|their|your)\s+(?:[a-z][a-z-]+\s+){{0,2}}(?:{_ROLE_WORDS})s?\s+)$"
    r"|(?i:\b(?:aunty|auntie|uncle|cousin|grandma|grandpa|nana|granny)\s+)$"
)


# The last word of a business's or a club's name: "Frankie's Fish Bar", "Quinlan Veterinary
# Hospital", "the Mozart Society". Kinds of trade and of body, not a list of firms.
FIRM_NOUNS = (
    r"Bar|Bars|Pub|Inn|Arms|Tavern|Bistro|Brasserie|Trattoria|Pizzeria|Pizza|Sushi|Pho|Grill|"
    r"Diner|Deli|Kebabs?|Curry|Noodles?|Burgers?|Chippy|Takeaway|Coffee|Tea|Teas|Cakes?|"
    r"Patisserie|Creamery|Brewery|Distillery|Vineyards?|Wines?|Butchers?|Grocers?|Market|"
    r"Boutique|Books|Bookshop|Gallery|Museum|Theatre|Cinema|Barbers?|Barbershop|Hair|Beauty|"
    r"Nails|Spa|Gym|Fitness|Yoga|Pilates|Dance|Tattoos?|Cabs|Taxis?|Coaches|Removals|Haulage|"
    r"Transport|Couriers?|Cleaning|Cleaners|Laundry|Electrical|Electrics|Roofing|Landscaping|"
    r"Decorating|Decorators|Plumbers|Motel|Hostel|Guesthouse|Campsite|Caravans?|Kennels|"
    r"Cattery|Grooming|Pets|Veterinary|Vets|Opticians?|Physio|Physiotherapy|Chiropractic|"
    r"Osteopathy|Therapy|Therapies|Technique|Care|Society|Societies|Club|Association|Federation|"
    r"Union|Network|Collective|Cooperative|Co-op|Institute|Centre|Center|Legal|Law|Advocaten|"
    r"Avocats|Abogados|Rechtsanwälte|Notaries|Auctioneers|Properties|Property|Imports|Exports|"
    r"Motors|Autos|Cars|Press|Publishing|Records|Productions|Films|Events|Weddings|Catering|"
    r"Photography|Design|Designs|Architects|Engineering|Construction|Developments|Recruitment|"
    r"Staffing|Training|Tuition|Tutors|Academy|Choir|Orchestra|Band|Ensemble|Players|"
    r"International|Worldwide|Enterprises|Industries|Supplies|Traders|Wholesale|Pharma|Farm|"
    r"Farms|Nurseries|Garden\s+Centre|Care\s+Home|Nursing\s+Home|Tearooms?|Bakery|Kitchen|"
    r"Salon|Garage|Florists?|Flowers|Foods|Travel|Tours|Joinery|Carpentry|Plastering|Glazing|"
    r"Bakehouse|Pantry|Larder|Emporium|Parlour|Fund|Appeal|Primary|Juniors?|Infants?|Grammar|"
    r"Scouts|Guides|Brownies|Cubs|Arena|Stadium|Airlines|Airways|Air|Resorts?|Sands|Springs|"
    # a product or a tariff: "Stanley Saver", "Florence Fix 24", "Grace Energy", "Thames Water"
    r"Saver|Fix|Fixed|Flex|Tracker|Tariff|Bundle|Energy|Water|Broadband|Fibre|Outlet|"
    r"Collectors|Originals?|Dreamhouse|Families|Leisure|Brothers|Bros|Homestays?|"
    # trades and firms in the languages of Europe: "Nowak Instalacje", "Van der Linden
    # Makelaardij", "Agencia Marquez", "Reformas García"
    r"Instalacje|Usługi|Makelaardij|Makelaars|Bouw|Immobilien|Bau|Inmobiliaria|Reformas|"
    r"Construcciones|Viajes|Agencia|Imobiliária|Obras"
)
# A firm named after a person, its trade written with a capital: "Mrs Bakewell's Tearoom",
# "Pat's Pantry", "Saleh Joinery" (but "Priya's salon" is Priya's).
FIRM_NAMED_AFTER = re.compile(
    rf"(?:'s|\u2019s|(?<=s)['\u2019])?(?:[ \t]+[A-Z][A-Za-z]*){{0,2}}[ \t]+(?:{FIRM_NOUNS})\b"
    r"(?!['\u2019]s\b)"
)
# The last word of the name of a law, a day, an event or a place: "the Data Privacy Act",
# "Bastille Day", "Victoria Island". Some are surnames too ("Doris Day").
EVENT_NOUNS = (
    r"Act|Acts|Regulations?|Directive|Convention|Treaty|Bill|Day|Night|Eve|Week|Weekend|Christmas|"
    r"Evening|Party|Marathon|Cup|Trophy|Shield|Plate|Prize|Lecture|Concert|Gala|Exhibition|Island|"
    r"Islands|Bay|"
    r"Beach|Harbour|Harbor|Valley|Heath|Common"
)
# What follows the name of a firm, a place or a public figure rather than of a private person.
_NOT_A_PERSON_AFTER = re.compile(
    rf"(?:(?:'s|\u2019s|(?<=s)['\u2019])?(?:[ \t]+[A-Z][A-Za-z]*){{0,2}}[ \t]+(?:{FIRM_NOUNS})\b"
    r"(?!['\u2019]s\b)"
    r"|(?:'s|\u2019s)?(?:\s+[A-Z][A-Za-z]*){0,2}\s*(?:Ltd|Limited|plc|PLC|Inc|LLP|GmbH|B\.V\.|"
    r"N\.V\.|S\.A\.|S\.L\.|SARL|Travel|Tours|Foods|Bakery|Florists?|Flowers|Show|Festival|"
    r"Awards|Rangers|United|City|FC|Sponge|Freight|Convent|Abbey|Priory|Homes|Dental|Fair|Fete|"
    r"Valley|Trading|Accountancy|Plumbing|Tearoom|Bakery|Kitchen|Joinery|Salon|Garage|Rail|"
    r"Railways?|Buses|Trams|Trains|Ferries|Airways|Airlines|Coaches)\b"
    r"|(?:'s|\u2019s)?\s+(?:builds?|pipelines?|app|apps|chatbot|bot|franchisee?s?|brand|store|"
    r"stores(?!\s+(?:our|my|his|her|their|the|all|every|data|it|them|everything|your))|"
    r"clothing|shirts|ticketing|concessions?|range|products?|handyman|services|shop|salon|bakery|"
    r"restaurant|cafe|caf\u00e9|pub|bar|hotel|sauce|franchise|menswear|fans?|evenings?|nights?|"
    r"exhibitions?|retrospectives?|concerts?|tribute|biography|novels?|films?|movies?|songs?|"
    r"albums?|paintings?|quotes?|lectures?|era|style|effect|syndrome|disease|prize|award|medal|"
    r"scholarship)\b"
    rf"|(?:[ \t]+[A-Z][A-Za-z]*){{0,3}}[ \t]+(?:{EVENT_NOUNS})\b"
    r"|,?\s+(?:your|our|the)\s+(?:support\s+)?(?:chat)?bot\b|\s+in\s+the\s+(?:US|USA|UK)\b"
    r"|(?:'s|\u2019s)?\s*(?:Ltd|Limited|plc|PLC|Inc|LLP|GmbH|AG|Group|Bank|& Co|&\s+[A-Z]\w+|"
    r"University|"
    r"College|School|Sixth\s+Form|High\s+School|Hospital|Council|Police|Constabulary|Trust|Foundation|Street|Road|Avenue|Lane|Ambulance|"
    r"Island|Airport|Station|Park|Church|Cathedral|Chapel|Mosque|Temple|Synagogue|Residency|"
    r"Business\s+Campus|Foundation\s+Trust|Dental|Homes|Lodge|Solicitors|Accountants|Builders|Interiors|"
    r"Media|Studio|Studios|Consulting|Partners|Associates|Clinic|Surgery|Practice|Pharmacy|Motors|"
    r"Garage|Salon|Cafe|Café|Restaurant|Hotel|Academy|Nursery|Charity|Logistics|Systems|Labs|"
    r"Digital|Software|Solutions|Services|Holdings|Ventures|Capital|Estates|Lettings|Insurance)\b"
    r"|\s+v\.?\s+[A-Z]|\s+(?:office|offices|branch|branches|store|stores(?!\s+(?:our|my|his|her|their|the|all|every|data|it|them|everything|your))|site|campus|data\s+cent(?:re|er)|"
    r"warehouse|depot|plant|factory|headquarters|HQ|region|area|county)\b"
    r"|,\s+(?:the\s+)?(?:former\s+)?(?:Information\s+Commissioner|Prime\s+Minister|"
    r"Minister|Secretary|President|Chancellor|Commissioner|CEO\s+of|founder\s+of|author|judge)"
    r"|,\s+(?:[A-Z][a-z]+\s+)?(?:Canada|Australia|USA|US|UK|England|Scotland|Wales|Ireland|"
    r"France|Germany|Spain|Italy|Poland|Netherlands|Belgium|Portugal|India|Nigeria|Brazil)\b)"
)


_TITLE_BEFORE = re.compile(
    r"(?i)(?=\w)\b"
    + by_first_letter(
        r"mr|mrs|ms|miss|mx|dr|prof|sir|dame|herr|frau|pan|pani|se[ñn]ora?|sra?|signora?|"
        r"dott(?:or|oressa)?|mme|mlle|monsieur|madame|meneer|mevrouw|dhr|mevr|"
        # Titles of other languages: "de heer", "Sig.ra", "dott.ssa", "panu" and "paní", "Frú",
        # "herra", "rouva", and the Greek and Russian abbreviations for Mr and Mrs
        r"heer|sig(?:\.ra|\.na)?|dott\.ssa|panu|pana|pan\u00ed|pane|gospod|gospa|herra|rouva|fru|"
        r"se\u00f1orita|srta|do\u00f1a|d\u00f1a|"
        r"(?-i:Don|Mag|Ing|Mgr|\u03ba|\u03ba\u03b1|\u0433-\u043d|\u0433-\u0436\u0430)|"
        r"(?-i:Brother|Sister|Father|Fr|Pastor|Rev|Reverend|Imam|Rabbi|Sheikh|Alhaji|Alhaja|Chief|"
        r"Deacon|Elder|Aunty|Auntie|Uncle|Grandma|Grandad|Grandpa|Granny|Nana|Nanna|Sgt|"
        r"Sergeant)"
    )
    + r"\.?[ \t]+"
    r"(?:(?:de|van|von|der|den|da|di|du|la|le|el|al|ter|ten)[ \t]+)*$"
)
