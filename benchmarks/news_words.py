"""The vocabulary of the synthetic news generator (benchmarks/library.py): names, outlets,
topics and sentence templates, all written for this project.

Templates use `{slot}` fields that library.py fills per article:
  {p0} {p1} {p2}  the story's people (first mention: title and full name; later: surname)
  {o0} {o1}       the story's organisations (first mention may add an acronym in parentheses)
  {l0} {l1}       the story's places (cities); {c0} the lead city's country
  {bp} {bo} {bl}  a background person / organisation / place (a new one each time)
  {s}             the story's subject ("the fare increase"); {k} one of its rare keywords
  {n} {pct} {money} {count} {year} {day}   numbers, a weekday
  {q}             a quotation (from QUOTES)
"""

from __future__ import annotations

FIRST_NAMES = """
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard
Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Margaret Mark
Sandra Paul Ashley Steven Emily Andrew Michelle Kenneth Carol Joshua Amanda Kevin Melissa Brian
Deborah George Stephanie Edward Rebecca Ronald Laura Timothy Sharon Jason Cynthia Jeffrey Kathleen
Ryan Amy Jacob Angela Gary Helen Nicholas Anna Eric Ruth Jonathan Olivia Stephen Julia Larry
Grace Justin Alice Scott Maria Frank Sofia Ahmed Fatima Mohammed Aisha Omar Leila Hassan Yasmin
Ali Nadia Kofi Amina Kwame Ngozi Chinedu Wanjiru Tendai Thandiwe Samuel Esther Daniela Carlos
Lucia Miguel Elena Pablo Isabel Diego Carmen Javier Ana Luis Marta Pedro Rosa Hiroshi Yuki
Kenji Aiko Takeshi Mei Wei Li Jun Priya Rahul Anjali Vikram Sunita Arjun Deepa Ivan Olga Dmitri
Natalia Sergei Irina Pierre Claire Louis Camille Hans Greta Lars Ingrid Sven Astrid Marco Giulia
Luca Chiara Jan Eva Piotr Agnieszka Tomas Katarina Mehmet Ayse Emre Zeynep Nikos Eleni Sean
Siobhan Connor Aoife Rhys Megan Finn Freya Oscar Hannah Noah Chloe Liam Zoe Ethan Maya
""".split()

SURNAMES = """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Wilson
Anderson Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker
Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera
Campbell Mitchell Carter Roberts Phillips Evans Turner Parker Collins Edwards Stewart Morris
Murphy Cook Rogers Morgan Peterson Cooper Reed Bailey Bell Gomez Kelly Howard Ward Cox Diaz
Richardson Wood Watson Brooks Bennett Gray James Reyes Cruz Hughes Price Myers Long Foster Sanders
Ross Morales Powell Sullivan Russell Ortiz Jenkins Gutierrez Perry Butler Barnes Fisher Henderson
Coleman Simmons Patterson Jordan Reynolds Hamilton Graham Kim Gonzales Alexander Ramos Wallace
Griffin West Cole Hayes Chavez Gibson Bryant Ellis Stevens Murray Ford Marshall Owens McDonald
Harrison Ruiz Kennedy Wells Alvarez Woods Mendoza Castillo Olson Webb Washington Tucker Freeman
Burns Henry Vasquez Snyder Simpson Crawford Jimenez Porter Mason Shaw Gordon Wagner Hunter Romero
Hicks Dixon Hunt Palmer Robertson Black Holmes Stone Meyer Boyd Mills Warren Fox Rose Rice Moreno
Schmidt Patel Ferguson Nichols Herrera Medina Ryan Fernandez Weaver Daniels Stephens Gardner Payne
Kelley Dunn Pierce Arnold Tran Spencer Peters Hawkins Grant Hansen Castro Hoffman Hart Elliott
Cunningham Knight Bradley Okafor Mensah Osei Mwangi Kamau Otieno Adeyemi Nwosu Banda Dlamini
Haddad Khalil Nasser Farouk Rahman Hosseini Yilmaz Demir Kaya Tanaka Suzuki Sato Watanabe Ito
Yamamoto Nakamura Chen Wang Zhang Liu Huang Zhao Sharma Gupta Singh Iyer Reddy Nair Kapoor Ivanov
Petrov Sokolova Kuznetsov Dubois Moreau Laurent Lefebvre Bernard Muller Schneider Fischer Weber
Becker Rossi Ferrari Esposito Bianchi Romano Novak Kowalski Nowak Horvat Lindqvist Johansson
Larsen Nielsen Berg Haugen Virtanen Papadopoulos Georgiou Murray Byrne Doyle Quinn Gallagher
""".split()

# Titles the analyzer knows (briefing/analysis/data/titles.txt); by the kind of person.
TITLES = {
    "politics": ["President", "Prime Minister", "Senator", "Foreign Minister", "Interior Minister", "Governor", "Speaker"],
    "city": ["Mayor", "Commissioner", "Director", "Spokesperson"],
    "business": ["Chief Executive", "Chairman", "Chairwoman", "Founder", "Director"],
    "justice": ["Judge", "Prosecutor", "Attorney General", "Inspector", "Detective"],
    "health": ["Health Minister", "Director", "Dr.", "Commissioner"],
    "science": ["Professor", "Dr.", "Director"],
    "sport": ["Coach", "Captain", "Chairman"],
    "culture": ["Director", "Chairwoman", "Founder"],
}
# Descriptions for people introduced by apposition ("Dana Reyes, an economist at X,").
ROLES = [
    "an economist at", "a professor at", "a spokesperson for", "a senior analyst at", "a researcher at",
    "the head of research at", "a lawyer for", "a former adviser to", "a board member of", "a union organiser at",
    "a senior fellow at", "the chief economist of", "a consultant to", "a manager at", "an engineer at",
]

ORG_HEADS = {
    "public": ["Transport Authority", "City Council", "Water Board", "Housing Agency", "Planning Commission",
               "Port Authority", "Regional Council", "Statistics Office", "Energy Regulator", "Health Service",
               "Environment Agency", "Police Service", "Electoral Commission", "Court of Appeal", "Revenue Service"],
    "company": ["Group", "Holdings", "Industries", "Energy", "Bank", "Airlines", "Motors", "Technologies",
                "Pharmaceuticals", "Foods", "Telecom", "Systems", "Capital", "Logistics Group", "Media Group"],
    "civic": ["Workers Union", "Teachers Union", "Chamber of Commerce", "Institute", "Foundation",
              "Research Institute", "University", "Hospital", "Association", "Federation", "Football Club",
              "Symphony Orchestra", "Museum", "Medical Association", "Farmers Association"],
}
NATIONAL_BODIES = [
    "Ministry of Finance", "Ministry of Health", "Ministry of Transport", "Ministry of Education",
    "Ministry of Energy", "Ministry of Justice", "Central Bank", "Supreme Court", "National Assembly",
    "Competition Commission", "Meteorological Agency", "Civil Aviation Authority", "National Audit Office",
    "Food Safety Authority", "Securities Commission", "Data Protection Authority",
]
ORG_STEMS = """
Meridian Bellwether Northgate Harbourside Silverline Redwood Kestrel Summit Atlas Beacon Cobalt
Evergreen Falcon Granite Horizon Ironbridge Juniper Keystone Lighthouse Mariner Oakridge Pinnacle
Quarry Riverside Sterling Trident Unity Vanguard Westbrook Zenith Aurora Cascade Delta Ember Fjord
Glacier Heron Indigo Jasper Kingfisher Lumen Monarch Nimbus Orion Pioneer Quantum Radiant Sapphire
Tidewater Upland Vector Willow Alder Birch Cedar Drake Elm Fern Grove Hawthorn Ivy Larch Maple
""".split()

# (city, country): real places the analyzer's gazetteer knows.
PLACES = [
    ("Nairobi", "Kenya"), ("Mombasa", "Kenya"), ("Lagos", "Nigeria"), ("Abuja", "Nigeria"), ("Accra", "Ghana"),
    ("Johannesburg", "South Africa"), ("Cape Town", "South Africa"), ("Cairo", "Egypt"), ("Addis Ababa", "Ethiopia"),
    ("Kampala", "Uganda"), ("Dakar", "Senegal"), ("Casablanca", "Morocco"), ("Tunis", "Tunisia"), ("Lusaka", "Zambia"),
    ("London", "Britain"), ("Manchester", "Britain"), ("Glasgow", "Britain"), ("Dublin", "Ireland"),
    ("Paris", "France"), ("Lyon", "France"), ("Marseille", "France"), ("Berlin", "Germany"), ("Hamburg", "Germany"),
    ("Munich", "Germany"), ("Madrid", "Spain"), ("Barcelona", "Spain"), ("Lisbon", "Portugal"), ("Porto", "Portugal"),
    ("Rome", "Italy"), ("Milan", "Italy"), ("Naples", "Italy"), ("Vienna", "Austria"), ("Zurich", "Switzerland"),
    ("Geneva", "Switzerland"), ("Amsterdam", "Netherlands"), ("Rotterdam", "Netherlands"), ("Brussels", "Belgium"),
    ("Copenhagen", "Denmark"), ("Stockholm", "Sweden"), ("Oslo", "Norway"), ("Helsinki", "Finland"),
    ("Warsaw", "Poland"), ("Kraków", "Poland"), ("Prague", "Czech Republic"), ("Budapest", "Hungary"),
    ("Athens", "Greece"), ("Istanbul", "Turkey"), ("Ankara", "Turkey"), ("Kyiv", "Ukraine"), ("Bucharest", "Romania"),
    ("New York", "United States"), ("Chicago", "United States"), ("Houston", "United States"),
    ("Los Angeles", "United States"), ("Seattle", "United States"), ("Boston", "United States"),
    ("Atlanta", "United States"), ("Denver", "United States"), ("Miami", "United States"),
    ("Toronto", "Canada"), ("Montreal", "Canada"), ("Vancouver", "Canada"), ("Mexico City", "Mexico"),
    ("Monterrey", "Mexico"), ("Bogotá", "Colombia"), ("Lima", "Peru"), ("Santiago", "Chile"),
    ("Buenos Aires", "Argentina"), ("São Paulo", "Brazil"), ("Rio de Janeiro", "Brazil"), ("Quito", "Ecuador"),
    ("Tokyo", "Japan"), ("Osaka", "Japan"), ("Nagoya", "Japan"), ("Seoul", "South Korea"), ("Busan", "South Korea"),
    ("Beijing", "China"), ("Shanghai", "China"), ("Shenzhen", "China"), ("Hong Kong", "China"),
    ("Taipei", "Taiwan"), ("Manila", "Philippines"), ("Cebu", "Philippines"), ("Jakarta", "Indonesia"),
    ("Surabaya", "Indonesia"), ("Bangkok", "Thailand"), ("Hanoi", "Vietnam"), ("Kuala Lumpur", "Malaysia"),
    ("Singapore", "Singapore"), ("Mumbai", "India"), ("New Delhi", "India"), ("Bengaluru", "India"),
    ("Chennai", "India"), ("Kolkata", "India"), ("Karachi", "Pakistan"), ("Lahore", "Pakistan"),
    ("Dhaka", "Bangladesh"), ("Colombo", "Sri Lanka"), ("Kathmandu", "Nepal"), ("Dubai", "United Arab Emirates"),
    ("Riyadh", "Saudi Arabia"), ("Doha", "Qatar"), ("Tehran", "Iran"), ("Baghdad", "Iraq"), ("Amman", "Jordan"),
    ("Beirut", "Lebanon"), ("Sydney", "Australia"), ("Melbourne", "Australia"), ("Brisbane", "Australia"),
    ("Perth", "Australia"), ("Auckland", "New Zealand"), ("Wellington", "New Zealand"),
]

# 30 outlets: name, web domain, UTC offset of their timestamps, feed tag (their subscription's tag).
OUTLETS = [
    ("The Riverton Ledger", "riverton-ledger.example", "-05:00", "local"),
    ("Pacific Dispatch", "pacificdispatch.example", "+09:00", None),
    ("Bellwether Business", "bellwether.example", "+00:00", "markets"),
    ("Meridian News", "meridian-news.example", "+01:00", None),
    ("Capitol Wire", "capitolwire.example", "-05:00", None),
    ("The Daily Courier", "dailycourier.example", "+00:00", None),
    ("Harbour Herald", "harbourherald.example", "+10:00", None),
    ("Northern Post", "northernpost.example", "+01:00", None),
    ("The Evening Standard-Bearer", "standardbearer.example", "+00:00", None),
    ("Continental Review", "contreview.example", "+01:00", "europe"),
    ("Savanna Times", "savannatimes.example", "+03:00", "africa"),
    ("Gulf Observer", "gulfobserver.example", "+04:00", None),
    ("The Monsoon Journal", "monsoonjournal.example", "+05:30", "asia"),
    ("Andes Tribune", "andestribune.example", "-05:00", None),
    ("Atlantic Monitor", "atlanticmonitor.example", "-04:00", None),
    ("Metro Gazette", "metrogazette.example", "-05:00", None),
    ("Clinical Times", "clinicaltimes.example", "+00:00", "health"),
    ("Circuit Weekly", "circuitweekly.example", "-08:00", "tech"),
    ("The Green Ledger", "greenledger.example", "+01:00", "climate"),
    ("Touchline", "touchline.example", "+00:00", "sport"),
    ("Stagecraft Daily", "stagecraft.example", "+00:00", None),
    ("Coastal Chronicle", "coastalchronicle.example", "-08:00", None),
    ("Federal Inquirer", "federalinquirer.example", "-05:00", None),
    ("Market Pulse", "marketpulse.example", "-05:00", None),
    ("The Civic Voice", "civicvoice.example", "+00:00", None),
    ("Eastern Sentinel", "easternsentinel.example", "+08:00", None),
    ("Highland Press", "highlandpress.example", "+00:00", None),
    ("The Nightly Wire", "nightlywire.example", "+00:00", None),
    ("Lakeside Bulletin", "lakesidebulletin.example", "-06:00", None),
    ("Global Desk", "globaldesk.example", "+00:00", None),
]

# Topics: the kinds of people and organisations in their stories, subjects, rare keywords,
# headline and topic sentence templates. Each template ends with its full stop (or none
# for headlines).
TOPICS = {
    "politics": {
        "people": ["politics", "politics", "city"], "orgs": ["public", "national", "civic"],
        "subjects": ["the budget bill", "the electoral reform", "the coalition talks", "the border agreement",
                     "the pension overhaul", "the no-confidence vote", "the anti-corruption law", "the census plan"],
        "keywords": "amendment ballot coalition quorum caucus veto referendum mandate filibuster constituency".split(),
        "headlines": ["{l0} lawmakers clash over {s}", "{P0} pushes {s} through a divided parliament",
                      "Vote on {s} delayed as {p1} demands changes", "{O0} rejects {s} after all-night session",
                      "Opposition in {l0} vows to block {s}", "{P0} survives challenge over {s}"],
        "sentences": [
            "The {k} passed by {n} votes to {count} after a debate that ran past midnight in {l0}.",
            "Members of {o0} said {s} would be put to a final vote on {day}.",
            "{p0} told reporters that {s} was the most important {k} of the session.",
            "Critics say {s} concentrates power in the hands of {o1} and weakens local councils.",
            "A poll published by {bo} found that {pct} of voters in {c0} support {s}.",
            "The {k} is expected to cost {money} over five years, according to {o1}.",
            "{p1} accused the government of rushing {s} without consulting regional leaders.",
        ],
    },
    "economy": {
        "people": ["business", "politics", "business"], "orgs": ["company", "national", "company"],
        "subjects": ["the interest rate decision", "the merger", "the export slowdown", "the fuel price rise",
                     "the bond sale", "the factory closure", "the trade deal", "the wage agreement"],
        "keywords": "inflation tariffs dividends bonds exports shareholders liquidity margins earnings forecasts".split(),
        "headlines": ["{O0} shares slide after {s}", "{P0} defends {s} as {k} fears grow",
                      "Markets in {l0} rally on {s}", "{O0} and {o1} agree terms on {s}",
                      "Investors question {s} as {k} rise", "{s_cap} weighs on {c0} growth"],
        "sentences": [
            "Shares of {o0} fell {pct} in early trading in {l0} before recovering some losses.",
            "The company said {s} would add {money} to annual costs but protect {count} jobs.",
            "{k_cap} rose for the third straight month, the {o1} said in a statement on {day}.",
            "Analysts at {bo} cut their forecast for {c0} growth to {pct} from {pct2}.",
            "{p0} said {s} reflected a long-term bet on {k} and was not a response to short-term pressure.",
            "Economists had expected {s}, though few predicted its size, according to a survey by {bo}.",
            "The deal values {o0} at about {money}, including debt.",
        ],
    },
    "transport": {
        "people": ["city", "city", "business"], "orgs": ["public", "civic", "company"],
        "subjects": ["the fare increase", "the rail strike", "the new metro line", "the bridge closure",
                     "the airport expansion", "the bus network overhaul", "the congestion charge", "the ferry contract"],
        "keywords": "commuters timetable signalling depot ridership fares platforms overtime tunnel viaduct".split(),
        "headlines": ["{l0} commuters face weeks of disruption over {s}", "{O0} approves {s} despite protests",
                      "{P0} promises {s} will open on time", "Talks on {s} collapse in {l0}",
                      "{s_cap} splits {l0} council", "Union warns of walkout over {s}"],
        "sentences": [
            "About {count} commuters use the affected routes in {l0} every weekday, according to {o0}.",
            "{o1} said {s} would be phased in from {day}, with discounts for students and pensioners.",
            "The {k} work is expected to take {n} months and cost {money}.",
            "{p0} said the network had been starved of investment for a decade.",
            "Drivers represented by {o1} voted by {pct} to reject the latest offer.",
            "Ridership has recovered to {pct} of its level before the pandemic, officials said.",
            "Residents near the {k} complained of noise and dust during night work in {l1}.",
        ],
    },
    "health": {
        "people": ["health", "science", "health"], "orgs": ["civic", "public", "national"],
        "subjects": ["the measles outbreak", "the hospital waiting lists", "the new vaccine", "the nurses' pay dispute",
                     "the drug shortage", "the cancer screening programme", "the heatwave admissions", "the clinic closures"],
        "keywords": "vaccination patients wards screening antibiotics outbreak clinicians prescriptions trials beds".split(),
        "headlines": ["{l0} hospitals strain under {s}", "{O0} warns {s} could last into spring",
                      "{P0} unveils plan to tackle {s}", "Doctors in {c0} sound alarm over {s}",
                      "{s_cap}: what we know so far", "{O0} orders review of {s}"],
        "sentences": [
            "Hospitals in {l0} reported {count} cases in the past week, up from {n} a month earlier.",
            "{o0} said {s} had put pressure on emergency {k} across the region.",
            "{p0} urged parents to check that their children's {k} were up to date.",
            "A study by {bo} found that early {k} cut hospital admissions by {pct}.",
            "The government has set aside {money} to hire more staff and open extra beds.",
            "Patients waited an average of {n} hours in emergency departments in {l1}, figures showed.",
            "{p1} said the measures came too late for many families.",
        ],
    },
    "climate": {
        "people": ["science", "politics", "city"], "orgs": ["public", "civic", "national"],
        "subjects": ["the flood warnings", "the drought", "the wildfire season", "the emissions target",
                     "the storm damage", "the coastal defence plan", "the heat record", "the water rationing"],
        "keywords": "rainfall reservoirs emissions floodwaters evacuations glaciers drought wildfires levees temperatures".split(),
        "headlines": ["Thousands evacuated as {s} hits {l0}", "{O0} extends {s} across {c0}",
                      "{P0} declares emergency over {s}", "Scientists link {s} to warming seas",
                      "{s_cap} leaves {l0} counting the cost", "Farmers in {c0} brace for {s}"],
        "sentences": [
            "More than {count} people were moved to shelters in and around {l0}, officials said.",
            "{o0} said {k} in the region were at their lowest since {year}.",
            "{p0} said {s} showed the need for faster investment in defences.",
            "Insurers estimate the damage at {money}, according to {bo}.",
            "Temperatures reached {n} degrees in {l1} on {day}, a record for the month.",
            "Researchers at {bo} said the frequency of such events had doubled since the 1990s.",
            "The {k} forced the closure of roads and schools across the province.",
        ],
    },
    "courts": {
        "people": ["justice", "justice", "politics"], "orgs": ["public", "national", "company"],
        "subjects": ["the fraud trial", "the bribery case", "the extradition hearing", "the privacy ruling",
                     "the appeal", "the inquiry into police conduct", "the class action", "the murder trial"],
        "keywords": "verdict testimony jurors indictment defendants bail sentencing appeal evidence prosecutors".split(),
        "headlines": ["Court in {l0} hears opening arguments in {s}", "{P0} rejects bid to dismiss {s}",
                      "Jury retires in {s}", "{O0} ordered to pay damages after {s}",
                      "{s_cap} exposes gaps in oversight", "Witness describes threats in {s}"],
        "sentences": [
            "{p0} told the court in {l0} that the {k} showed a clear pattern of deception.",
            "Lawyers for the defence said their client would appeal to {o1}.",
            "The case centres on payments of about {money} made between {year} and last year.",
            "{p1} said the {k} had been obtained without a proper warrant.",
            "If convicted, the defendants face up to {n} years in prison.",
            "{o0} declined to comment on {s} while proceedings were under way.",
            "The hearing is expected to last {n} weeks and call more than {count} witnesses.",
        ],
    },
    "tech": {
        "people": ["business", "science", "business"], "orgs": ["company", "company", "public"],
        "subjects": ["the data breach", "the chip plant", "the app ban", "the AI model launch",
                     "the satellite network", "the antitrust complaint", "the outage", "the battery recall"],
        "keywords": "servers encryption chips algorithms users startups batteries firmware satellites bandwidth".split(),
        "headlines": ["{O0} confirms {s} affecting millions", "{P0} bets on {s} to win back users",
                      "Regulators in {c0} open inquiry into {s}", "{O0} and {o1} race over {s}",
                      "{s_cap} shakes confidence in {o0}", "{l0} lands {s} after tax deal"],
        "sentences": [
            "{o0} said about {count} customers in {c0} had been affected by {s}.",
            "{p0} said the company had invested {money} in new {k} over three years.",
            "Security researchers at {bo} first spotted the problem on {day}.",
            "The plant in {l0} will employ {count} people when it opens in {year}.",
            "{p1} said regulators had been too slow to act on {k}.",
            "Shares of {o1} rose {pct} on the news.",
            "The company has promised to publish a full account of {s} within {n} days.",
        ],
    },
    "energy": {
        "people": ["business", "politics", "science"], "orgs": ["company", "national", "public"],
        "subjects": ["the power cuts", "the wind farm", "the pipeline deal", "the nuclear restart",
                     "the gas price cap", "the solar subsidy", "the refinery fire", "the grid upgrade"],
        "keywords": "turbines megawatts pipeline refinery tariffs grid reactors subsidies barrels storage".split(),
        "headlines": ["{l0} hit by {s} for a second night", "{O0} wins approval for {s}",
                      "{P0} defends {s} as bills climb", "{s_cap} divides {c0} coalition",
                      "{O0} shelves {s} citing costs", "Households in {c0} count cost of {s}"],
        "sentences": [
            "The project will add {n} megawatts of capacity, enough to power {count} homes, {o0} said.",
            "Rolling blackouts left parts of {l0} without electricity for up to {n} hours.",
            "{p0} said {s} would cut household bills by {pct} by {year}.",
            "{o1} estimated the cost of the {k} upgrade at {money}.",
            "Environmental groups led by {bo} said they would challenge {s} in court.",
            "Output at the site has fallen by {pct} since the spring, according to {bo}.",
            "{p1} said the country could not afford to depend on imported {k}.",
        ],
    },
    "education": {
        "people": ["politics", "science", "city"], "orgs": ["civic", "public", "national"],
        "subjects": ["the teachers' strike", "the exam results", "the tuition fee rise", "the school closures",
                     "the curriculum review", "the university funding cuts", "the school meals plan", "the student visa rules"],
        "keywords": "pupils classrooms curriculum tuition graduates enrolment scholarships lecturers exams campuses".split(),
        "headlines": ["Schools in {l0} shut as {s} begins", "{P0} orders inquiry into {s}",
                      "{O0} warns {s} will hit poorer families", "Students protest {s} in {l0}",
                      "{s_cap} leaves parents scrambling", "{O0} agrees deal to end {s}"],
        "sentences": [
            "About {count} pupils in {l0} were affected, according to {o0}.",
            "{p0} said {s} would be reviewed before the next academic year.",
            "{o1} said {pct} of its members had voted in favour of action.",
            "The {k} budget has fallen by {pct} in real terms since {year}, a report by {bo} found.",
            "{p1} said teachers had been left to manage {k} without support.",
            "The ministry has promised {money} to repair crumbling buildings.",
            "Enrolment at {o0} fell for the {n}th year in a row.",
        ],
    },
    "sport": {
        "people": ["sport", "sport", "business"], "orgs": ["civic", "civic", "company"],
        "subjects": ["the cup final", "the transfer saga", "the doping ban", "the stadium deal",
                     "the coaching change", "the title race", "the marathon", "the broadcast rights auction"],
        "keywords": "striker goalkeeper penalty semifinal sponsorship fixtures stadium trophy midfield relegation".split(),
        "headlines": ["{O0} win {s} in extra time", "{P0} leaves {o0} after {s}",
                      "{l0} secures {s} for {year}", "{s_cap} turns on late {k}",
                      "{O0} fined after {s}", "Fans in {l0} celebrate {s}"],
        "sentences": [
            "{o0} won {n}-{n2} in front of a crowd of {count} in {l0}.",
            "{p0} said the {k} had changed the course of the season.",
            "The club said {s} was worth {money} over four years.",
            "{p1} scored twice in the second half to seal the result.",
            "{o1} said it would review the decision after complaints from supporters.",
            "It was the club's first trophy since {year}.",
            "Ticket sales for {s} rose {pct} on last year, organisers said.",
        ],
    },
    "culture": {
        "people": ["culture", "culture", "business"], "orgs": ["civic", "civic", "company"],
        "subjects": ["the film festival", "the museum reopening", "the stolen painting", "the opera premiere",
                     "the book prize", "the heritage listing", "the concert tour", "the arts funding cuts"],
        "keywords": "exhibition curators premiere manuscripts audiences gallery orchestra restoration festival choreography".split(),
        "headlines": ["{O0} celebrates {s} after years of delays", "{P0} wins acclaim at {s}",
                      "{l0} prepares for {s}", "{s_cap} draws record crowds in {l0}",
                      "Police recover {s} in {l1}", "{O0} cancels {s} over funding"],
        "sentences": [
            "More than {count} visitors are expected in {l0} over the {n} days of {s}.",
            "{p0} said the {k} had been planned for nearly a decade.",
            "{o0} spent {money} on restoration before reopening its doors.",
            "Critics praised the {k}, though ticket prices drew complaints.",
            "{p1} said {s} showed what the city could do with modest public money.",
            "The collection includes works lent by {bo} and private collectors in {bl}.",
            "Audiences have grown by {pct} since {year}, according to {o1}.",
        ],
    },
}

# Sentences any story can use.
COMMON = [
    "\"{q},\" {p0} said.",
    "\"{q},\" said {p1}.",
    "{p0} said {s} would be reviewed within {n} weeks.",
    "{p2}, {role} {o1}, said the figures had surprised many in {l0}.",
    "\"{q},\" {p2} told {outlet}.",
    "The announcement came after {n} days of negotiations in {l0}.",
    "Officials in {c0} did not respond to requests for comment.",
    "{o0} said it would publish more details on {day}.",
    "Similar measures were adopted in {bl} and {bl} last year, with mixed results.",
    "{bp}, {role} {bo}, said the {k} was likely to be felt for months.",
    "A spokesperson for {bo} said the organisation was studying the proposal.",
    "{bp} of {bo} called the decision \"long overdue\".",
    "The issue has also drawn attention in {bl}, where {bo} is pressing for a similar inquiry.",
    "Earlier this year, {bp} warned that {k} in {bl} could rise by {pct}.",
    "{bo} and {bo} are expected to send delegations to talks in {bl} next month.",
    "According to {bo}, the {k} affects about {count} households.",
    "{bp}, who leads {bo}, said the plans were \"a step in the right direction\".",
    "The dispute has echoes of a {year} row in {bl} that ended in court.",
    "{o1} has until the end of the month to respond.",
    "Figures released on {day} showed a rise of {pct} compared with the same period last year.",
    "{p0} is due to visit {l1} later this week.",
    "Last month {bp} told {bo} that the {k} had been mishandled.",
    "In {bl}, {bo} took a different approach and has since reported a fall in {k}.",
    "{bp}, a former official at {bo}, said the timetable was \"optimistic at best\".",
    "The proposal was first floated by {bo} in {year} but stalled amid opposition in {bl}.",
    "{p1} said in a statement that {o0} had ignored warnings about the {k}.",
    "Asked whether {s} could be reversed, {p0} said: \"{q}.\"",
    "Neither {o0} nor {o1} would say how many people had been consulted.",
    "Business groups including {bo} welcomed the move, while {bo} said it did not go far enough.",
    "{bp}, speaking in {bl} on {day}, said the lessons were clear.",
    "The figures were compiled by {bo} from records covering {count} cases.",
    "Campaigners gathered outside the offices of {o0} in {l0} on {day} morning.",
    "{p2} said the {k} had been discussed with officials from {bo} and {bo}.",
    "A report by {bo} last year put the cost of doing nothing at {money}.",
    "Turnout at the meeting in {l1} was the highest in {n} years, organisers said.",
    "The changes follow a review led by {bp} of {bo}.",
    "{p0} has faced criticism from {bp}, who said the {k} had been poorly explained.",
    "Talks between {o0} and {bo} are due to resume in {bl} after the weekend.",
]

QUOTES = [
    "We will not accept {s} without a proper review",
    "This is about the people of {l0}, not about politics",
    "Nobody should pretend that {s} is the end of the matter",
    "We have listened, and we have made changes",
    "The {k} speaks for itself",
    "It is too early to say what {s} means for families",
    "We were told one thing and then the opposite happened",
    "There is still a great deal of work to do",
    "I have never seen anything like it in {n} years",
    "We expect everyone to respect the process",
    "This is a good day for {l0}",
    "Our members are angry, and they have every right to be",
]

DEKS = [
    "{P0} says {s} will go ahead despite objections from {o1}.",
    "The decision affects about {count} people in {l0} and could cost {money}.",
    "{O0} faces growing pressure as critics question {s}.",
    "Officials in {l0} say {s} is the biggest test in a decade.",
    "Supporters call {s} overdue; opponents say it was rushed.",
]

# First sentences (after an optional dateline).
LEDES = [
    "{o0} on {day} approved {s}, a move that {p0} said would affect thousands of people in {l0}.",
    "{p0} said on {day} that {s} would go ahead, ending weeks of uncertainty in {l0}.",
    "Officials in {l0} were scrambling on {day} to respond to {s}, as {o0} faced questions over the {k}.",
    "{s_cap} dominated a tense meeting of {o0} in {l0} on {day}, with {p0} and {p1} trading accusations.",
    "The future of {s} was thrown into doubt on {day} after {o1} said it could not support the plan.",
    "{p0} on {day} defended {s}, saying {c0} had no choice but to act on the {k}.",
]

USER_TAGS = "follow-up to-read urgent background desk-memo fact-check weekend longread interview data".split()
NOTES = [
    "Ask the desk whether {outlet} has a second source on this.",
    "Compare the figures with last month's report before we run anything.",
    "Good background for the weekend piece; keep the quotes.",
    "Check the spelling of the names against the agency's own release.",
    "Possible follow-up: call the union press office on Monday.",
]
