"""The words the portal uses, each explained once for the plain and the easy read glossary."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Term:
    anchor: str
    term: str
    plain: str
    picture: str
    easy_read: tuple[str, ...]


TERMS = (
    Term(
        "advocate",
        _l("Advocate"),
        _l(
            "An independent person who helps you say what you want and makes sure you are "
            "listened to. An advocate is free."
        ),
        "advocate",
        (
            _l("An advocate helps you say what you want."),
            _l("They make sure people listen to you."),
            _l("An advocate is free."),
        ),
    ),
    Term(
        "autism",
        _l("Autism"),
        _l(
            "A lifelong difference in how a person communicates, experiences the world and "
            "relates to other people. Autistic people may need support in different ways."
        ),
        "person",
        (
            _l("Autistic people experience the world in their own way."),
            _l("Some autistic people need support."),
        ),
    ),
    Term(
        "best-interests",
        _l("Best interests decision"),
        _l(
            "A decision made for a person aged 16 or over who cannot make that decision "
            "themselves, even with help. It follows the Mental Capacity Act 2005 and must "
            "take account of the person's wishes and the views of the people close to them."
        ),
        "together",
        (
            _l("Sometimes a person cannot make a decision, even with help."),
            _l("Then a professional decides what is best for them."),
            _l("They must ask the person's family, carers or advocate first."),
        ),
    ),
    Term(
        "brag",
        _l("BRAG rating"),
        _l(
            "The colour each person on the register has: blue, red, amber or green. It "
            "shows how much support they need now, and it changes when their situation "
            "changes."
        ),
        "amber",
        (
            _l("BRAG means blue, red, amber and green."),
            _l("Each person on the register has one of these colours."),
            _l("The colour shows how much help the person needs now."),
        ),
    ),
    Term(
        "capacity",
        _l("Capacity"),
        _l(
            "Being able to understand a decision, weigh it up, remember it long enough and "
            "tell people what you decide. Someone can have capacity for one decision and "
            "not for another."
        ),
        "choice",
        (
            _l("Capacity means you can make a decision yourself."),
            _l("You understand the choice and can say what you want."),
        ),
    ),
    Term(
        "cetr",
        _l("C(E)TR: care (education) and treatment review"),
        _l(
            "A meeting to check a person is getting the right care and to agree what would "
            "help. It is a CTR for adults and a CETR for children and young people, when "
            "education is included."
        ),
        "group",
        (
            _l("A C(E)TR is a care and treatment review."),
            _l("It is a meeting about your care."),
            _l("For children it looks at school too. Then it is a CETR."),
        ),
    ),
    Term(
        "consent",
        _l("Consent"),
        _l(
            "Agreeing to something after being told what it means. You can withdraw "
            "consent at any time."
        ),
        "yes",
        (
            _l("Consent means saying yes to something."),
            _l("You can say no."),
            _l("You can change your mind later."),
        ),
    ),
    Term(
        "dsr",
        _l("DSR: Dynamic Support Register"),
        _l(
            "A list kept by the NHS and the local council of people who need extra support "
            "to avoid going into hospital. Dynamic means it changes as people's needs "
            "change."
        ),
        "list",
        (
            _l("DSR means Dynamic Support Register."),
            _l("It is a list of people who need extra help."),
            _l("The help is to keep them out of hospital."),
        ),
    ),
    Term(
        "ehcp",
        _l("EHCP: Education, Health and Care Plan"),
        _l(
            "A legal document for a child or young person up to 25 with special educational "
            "needs. It says what support they must get."
        ),
        "school",
        (
            _l("EHCP means Education, Health and Care Plan."),
            _l("It says what help a child must get at school."),
        ),
    ),
    Term(
        "icb",
        _l("ICB: Integrated Care Board"),
        _l(
            "The NHS organisation that plans and pays for health services in an area. It "
            "keeps the register with the local council."
        ),
        "health-worker",
        (
            _l("ICB means Integrated Care Board."),
            _l("It is the part of the NHS that plans health services here."),
        ),
    ),
    Term(
        "keyworker",
        _l("Keyworker"),
        _l(
            "A named person who helps a child or young person up to 25, and their family, "
            "get the support they need from different services."
        ),
        "help",
        (
            _l("A keyworker is a person who helps you and your family."),
            _l("They help different services work together."),
        ),
    ),
    Term(
        "learning-disability",
        _l("Learning disability"),
        _l(
            "A lifelong condition that makes it harder to learn, understand new or complex "
            "information, and do some everyday things. It starts before adulthood."
        ),
        "book",
        (
            _l("A learning disability makes some things harder to learn."),
            _l("People with a learning disability may need more time or help."),
        ),
    ),
    Term(
        "nhs",
        _l("NHS: National Health Service"),
        _l("The public health service in England, free for the people who use it."),
        "hospital",
        (
            _l("NHS means National Health Service."),
            _l("It gives health care that is free when you use it."),
        ),
    ),
    Term(
        "parental-responsibility",
        _l("Parental responsibility"),
        _l(
            "The legal rights and duties a parent has for a child. A mother always has it. "
            "Other people, such as a father, step-parent or guardian, may have it too."
        ),
        "family",
        (
            _l("Parental responsibility means you can make decisions for a child."),
            _l("Parents usually have it."),
        ),
    ),
    Term(
        "referral",
        _l("Referral"),
        _l(
            "Asking for someone to be considered for the register. Anyone who knows the "
            "person can make one, including the person themselves."
        ),
        "writing",
        (
            _l("A referral asks for someone to go on the register."),
            _l("You can refer yourself or someone you know."),
        ),
    ),
)
