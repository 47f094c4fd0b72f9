"""Names for synthetic people, and the variants clerks really write down (nicknames, spellings).

Pools vary by ethnicity so that name-frequency weights in linkage are not uniform, and include names with
apostrophes, spaces and hyphens (O'Brien, Da Silva) so that CSV quoting and name comparison are
exercised.
"""
from __future__ import annotations

FORENAMES = {
    ("M", "white"): ("James", "John", "Robert", "Michael", "William", "David", "Richard", "Thomas", "Daniel",
                     "Paul", "Mark", "Christopher", "Anthony", "Stephen", "Steven", "Jonathan", "Joseph",
                     "Patrick", "Alexander", "Liam", "Connor", "Jack", "Ryan", "Lee", "Craig", "Dean",
                     "Wayne", "Gary", "Kevin", "Sean", "Aleksander", "Tomasz"),
    ("F", "white"): ("Elizabeth", "Margaret", "Sarah", "Emma", "Katherine", "Jennifer", "Rebecca", "Samantha",
                     "Victoria", "Laura", "Lisa", "Donna", "Claire", "Kelly", "Nicola", "Amy", "Jade", "Gemma",
                     "Michelle", "Joanne", "Mary-Jane", "Agnieszka"),
    ("M", "black"): ("Oluwaseun", "Chidi", "Kwame", "Marcus", "Tyrone", "Andre", "Jermaine", "Kofi", "Emeka",
                     "Abdi", "Mohamed", "Delroy", "Winston", "Daniel", "Michael", "Joshua"),
    ("F", "black"): ("Abena", "Chiamaka", "Grace", "Aaliyah", "Shanice", "Precious", "Folake", "Hodan",
                     "Chantelle", "Marcia", "Blessing"),
    ("M", "asian"): ("Mohammed", "Imran", "Arjun", "Raj", "Amir", "Bilal", "Hassan", "Sanjay", "Abdul",
                     "Tariq", "Kamran", "Nadeem", "Vikram", "Abdullah"),
    ("F", "asian"): ("Aisha", "Fatima", "Priya", "Sunita", "Nadia", "Shazia", "Ayesha", "Anjali", "Rukhsana",
                     "Sadia"),
}
SURNAMES = {
    "white": ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
              "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green",
              "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Clark", "Turner", "Hill",
              "O'Brien", "O'Connor", "McDonald", "Murphy", "Kelly", "Sutcliffe", "Ackroyd", "Greenwood",
              "Kowalski", "Nowak", "Van der Berg", "Da Silva", "Fitzgerald", "Barker", "Shaw", "Walsh"),
    "black": ("Okafor", "Adeyemi", "Mensah", "Boateng", "Campbell", "Francis", "Williams", "Johnson",
              "Oyelaran", "Nwosu", "Abdi", "Mohamud", "Asante", "Richards", "Henry", "Grant", "Clarke"),
    "asian": ("Khan", "Ahmed", "Hussain", "Ali", "Patel", "Begum", "Shah", "Iqbal", "Akhtar", "Singh", "Kaur",
              "Rahman", "Miah", "Chowdhury", "Uddin", "Sharma", "Mahmood", "D'Souza"),
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
