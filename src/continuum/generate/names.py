"""Names for synthetic people, and the variants clerks really write down (nicknames, spellings).

Pools vary by ethnicity so that name-frequency weights in linkage are not uniform, and include names with
apostrophes, spaces and hyphens (O'Brien, Da Silva) so that CSV quoting and name comparison are
exercised. Surnames have England's shape: a short head of very common names (Smith, Khan, Patel) and a
long tail (draw_surname). With the head alone, two million people would share ~160 surnames: name
collisions far commoner than in life, which misleads linkage tuning (in England the commonest
surname, Smith, belongs to fewer than one person in a hundred).
"""
from __future__ import annotations

import zlib
from itertools import accumulate

FORENAMES = {
    ("M", "white"): ("James", "John", "Robert", "Michael", "William", "David", "Richard", "Thomas", "Daniel",
                     "Paul", "Mark", "Christopher", "Anthony", "Stephen", "Steven", "Jonathan", "Joseph",
                     "Patrick", "Alexander", "Liam", "Connor", "Jack", "Ryan", "Lee", "Craig", "Dean",
                     "Wayne", "Gary", "Kevin", "Sean", "Aleksander", "Tomasz", "Andrew", "Peter", "Matthew", "Adam",
                     "Simon", "Neil", "Martin", "Ian", "Carl", "Darren", "Shane", "Jason", "Scott", "Nathan",
                     "Luke", "Kyle", "Jordan", "Callum", "Reece", "Jamie", "Ben", "Samuel", "Harry", "George",
                     "Charlie", "Lewis", "Aaron", "Ashley", "Bradley", "Stuart", "Graham", "Keith", "Brian",
                     "Terry", "Barry", "Colin", "Philip", "Karl", "Jake", "Mason", "Tyler", "Piotr", "Marius"),
    ("F", "white"): ("Elizabeth", "Margaret", "Sarah", "Emma", "Katherine", "Jennifer", "Rebecca", "Samantha",
                     "Victoria", "Laura", "Lisa", "Donna", "Claire", "Kelly", "Nicola", "Amy", "Jade", "Gemma",
                     "Michelle", "Joanne", "Mary-Jane", "Agnieszka", "Louise", "Natalie", "Hayley", "Stacey", "Leanne",
                     "Kirsty", "Zoe", "Charlotte", "Hannah", "Chloe", "Sophie", "Lauren", "Danielle", "Kerry",
                     "Tracey", "Julie", "Karen", "Susan", "Sharon", "Dawn", "Helen", "Rachel", "Emily",
                     "Jessica", "Megan", "Shannon", "Paige", "Courtney", "Amber", "Tanya", "Natasha"),
    ("M", "black"): ("Oluwaseun", "Chidi", "Kwame", "Marcus", "Tyrone", "Andre", "Jermaine", "Kofi", "Emeka",
                     "Abdi", "Mohamed", "Delroy", "Winston", "Daniel", "Michael", "Joshua", "Tunde", "Ade", "Femi",
                     "Kwabena", "Yaw", "Kareem", "Jamal", "Leon", "Nathaniel", "Isaac", "Samuel", "Ahmed",
                     "Omar", "Ibrahim", "Curtis", "Devon", "Trevor", "Clive", "Junior", "Elijah", "Kelvin"),
    ("F", "black"): ("Abena", "Chiamaka", "Grace", "Aaliyah", "Shanice", "Precious", "Folake", "Hodan",
                     "Chantelle", "Marcia", "Blessing", "Adaeze", "Funmi", "Ama", "Akosua", "Sade", "Keisha",
                     "Tamika", "Jasmine", "Naomi", "Esther", "Faith", "Hawa", "Amina", "Sandra", "Patience"),
    ("M", "asian"): ("Mohammed", "Imran", "Arjun", "Raj", "Amir", "Bilal", "Hassan", "Sanjay", "Abdul",
                     "Tariq", "Kamran", "Nadeem", "Vikram", "Abdullah", "Zain", "Usman", "Faisal", "Asif", "Irfan",
                     "Shahid", "Zubair", "Adnan", "Waqas", "Rizwan", "Sajid", "Arif", "Ravi", "Amit", "Rahul",
                     "Sunil", "Harpreet", "Gurpreet", "Jaswinder", "Shahed", "Jamal", "Rashid", "Yusuf"),
    ("F", "asian"): ("Aisha", "Fatima", "Priya", "Sunita", "Nadia", "Shazia", "Ayesha", "Anjali", "Rukhsana",
                     "Sadia", "Zara", "Saima", "Nazia", "Farah", "Amina", "Parveen", "Rubina", "Shabana", "Neha",
                     "Pooja", "Kiran", "Simran", "Salma", "Jasmin", "Rehana", "Shamima"),
}
SURNAMES = {
    "white": ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
              "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green",
              "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Clark", "Turner", "Hill",
              "O'Brien", "O'Connor", "McDonald", "Murphy", "Kelly", "Sutcliffe", "Ackroyd", "Greenwood",
              "Kowalski", "Nowak", "Van der Berg", "Da Silva", "Fitzgerald", "Barker", "Shaw", "Walsh",
              "Moore", "Cooper", "Ward", "Morris", "King", "Watson", "Harrison", "Morgan", "Baker", "Young",
              "Allen", "Mitchell", "Anderson", "Cook", "Bell", "Parker", "Kennedy", "Bailey", "Stewart"),
    "black": ("Okafor", "Adeyemi", "Mensah", "Boateng", "Campbell", "Francis", "Williams", "Johnson",
              "Oyelaran", "Nwosu", "Abdi", "Mohamud", "Asante", "Richards", "Henry", "Grant", "Clarke",
              "Adebayo", "Okonkwo", "Eze", "Obi", "Owusu", "Osei", "Appiah", "Agyeman", "Danso", "Ogunleye",
              "Balogun", "Olaniyan", "Afolabi", "Warsame", "Farah", "Hassan", "Yusuf", "Ahmed", "Brown",
              "Thomas", "Lewis", "Edwards", "Morgan", "Reid", "Gordon", "Bennett", "Wright", "Douglas"),
    "asian": ("Khan", "Ahmed", "Hussain", "Ali", "Patel", "Begum", "Shah", "Iqbal", "Akhtar", "Singh", "Kaur",
              "Rahman", "Miah", "Chowdhury", "Uddin", "Sharma", "Mahmood", "D'Souza", "Islam", "Bibi",
              "Mohammed", "Aziz", "Malik", "Butt", "Qureshi", "Siddiqui", "Sheikh", "Raja", "Bhatti", "Mirza",
              "Javed", "Anwar", "Karim", "Haque", "Hossain", "Kumar", "Gill", "Sandhu", "Dhillon", "Sidhu",
              "Mistry", "Desai", "Joshi", "Mehta", "Parmar", "Chauhan", "Lal", "Rana", "Choudhury"),
}
SECOND_FORENAMES = {"M": ("John", "James", "Paul", "Lee", "Ali", "Anthony", "David"),
                    "F": ("Marie", "Ann", "Louise", "Jane", "Elizabeth", "Grace")}


def second_forenames(sex: str) -> tuple[str, ...]:
    return SECOND_FORENAMES.get(sex, SECOND_FORENAMES["M"] + SECOND_FORENAMES["F"])

# Nickname / variant groups: any member may be written for any other.
NICKNAME_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Robert", "Bob", "Rob", "Bobby", "Robbie"),
    ("William", "Bill", "Will", "Billy", "Liam"),
    ("Elizabeth", "Liz", "Beth", "Lizzie", "Betty"),
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamud"),
    ("Margaret", "Maggie", "Peggy", "Meg"),
    ("James", "Jim", "Jimmy", "Jamie"),
    ("Michael", "Mike", "Mick", "Micky"),
    ("Richard", "Rick", "Dick", "Richie"),
    ("Thomas", "Tom", "Tommy"),
    ("Anthony", "Tony", "Ant"),
    ("Christopher", "Chris", "Kit"),
    ("Daniel", "Dan", "Danny"),
    ("Joseph", "Joe", "Joey"),
    ("Katherine", "Kate", "Katie", "Kathryn", "Catherine"),
    ("Jennifer", "Jen", "Jenny"),
    ("Rebecca", "Becky", "Becca"),
    ("Samantha", "Sam", "Sammy"),
    ("Victoria", "Vicky", "Tori"),
    ("Stephen", "Steve", "Steven"),
    ("Jonathan", "Jon", "Johnny"),
    ("Alexander", "Alex", "Sandy", "Aleksander"),
    ("Patrick", "Pat", "Paddy"),
    ("Abdullah", "Abdallah", "Abdulla"),
    ("Oluwaseun", "Seun", "Shaun"),
    ("Nicola", "Nicky", "Nikki"),
    ("Joanne", "Jo", "Joanna"),
    ("Aisha", "Ayesha", "Aysha"),
)
NICKNAMES: dict[str, tuple[str, ...]] = {}
for _group in NICKNAME_GROUPS:
    for _name in _group:
        NICKNAMES.setdefault(_name, tuple(n for n in _group if n != _name))


def forename_pool(sex: str, ethnicity: str) -> tuple[str, ...]:
    sex_key = sex if sex in ("M", "F") else "M"
    eth_key = ethnicity if ethnicity in ("white", "black", "asian") else "white"
    return FORENAMES[(sex_key, eth_key)]


def surname_pool(ethnicity: str) -> tuple[str, ...]:
    if ethnicity in ("black", "asian", "white"):
        return SURNAMES[ethnicity]
    return SURNAMES["white"] + SURNAMES["black"] + SURNAMES["asian"]


# The long tail: English locative and occupational surnames built from their real parts (Ashworth,
# Holroyd, Thornton...). A few combinations are not attested; that is harmless, as they behave like rare
# real surnames: unique enough to identify, common enough to collide now and then.
_SURNAME_STEMS = (
    "Ash", "Brad", "Whit", "Hol", "Brom", "Ather", "Sel", "Mar", "Thorn", "Hart", "Stan", "Black", "Church",
    "Mill", "Fair", "Red", "Wal", "Cal", "Hay", "Brook", "Kings", "Blan", "Crow", "Dun", "Gold", "Hather",
    "Lang", "Mid", "New", "Old", "Pen", "Rad", "Shel", "Stock", "Sum", "Tat", "Wes", "Win", "Har", "Bur",
    "Cart", "Cros", "Ed", "Fen", "Hal", "Ing", "Kel", "Lin", "Mor", "Nor", "Oak", "Pick", "Ros",
    "Sand", "Tem", "Ux", "Wad", "York", "Bar", "Chad", "Els", "Farn", "Gar", "Hep", "Lock", "Mot",
)
_SURNAME_ENDINGS = (
    "ley", "ton", "field", "worth", "by", "ham", "wood", "ford", "well", "more", "shaw", "stone", "bridge",
    "croft", "wick", "den", "hurst", "combe", "thorpe", "dale", "land", "ridge", "brook", "son", "er",
    "sworth", "ington", "stead", "row",
)
# Head share: how often a surname comes from the (common) head list rather than the tail. South Asian
# and Somali surnames are far more concentrated than English ones (ONS surname frequencies).
HEAD_SHARE = {"white": 0.35, "black": 0.55, "asian": 0.9}
# Tail names in a fixed shuffled order (so frequency does not follow the alphabet), Zipf-weighted by
# rank: surname frequencies fall off with rank.
_TAIL_ORDER = tuple(sorted({stem + ending for stem in _SURNAME_STEMS for ending in _SURNAME_ENDINGS},
                           key=lambda n: (zlib.crc32(n.encode()), n)))
_TAIL_CUM = list(accumulate(1.0 / (rank + 100) for rank in range(len(_TAIL_ORDER))))


def draw_surname(rng, ethnicity: str) -> str:
    """A surname with England's shape: the head list, or a tail name (Zipf by rank)."""
    if rng.random() < HEAD_SHARE.get(ethnicity, 0.5):
        return rng.choice(surname_pool(ethnicity))
    return rng.choices(_TAIL_ORDER, cum_weights=_TAIL_CUM)[0]
