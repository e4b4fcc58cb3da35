"""Who can consent: the routes open to a referral, by who is referring and the person's age.

The rules are in docs/consent.md: from 16 the Mental Capacity Act applies and the person
decides, unless they lack capacity for this decision; under 16 a person with parental
responsibility decides, unless the child is judged competent (Gillick) to decide themselves.
"""

from portal.vocabulary import ConsentRoute, ReferrerType


def routes_for(referrer_type: str | None, age: int | None) -> list[ConsentRoute]:
    """The ways consent can be given for a referral, most usual first."""
    if referrer_type == ReferrerType.SELF:
        return [ConsentRoute.OWN]
    if age is not None and age < 16:
        if referrer_type == ReferrerType.PARENT:
            return [ConsentRoute.PARENTAL]
        # A child judged competent (Gillick) may decide for themselves.
        return [ConsentRoute.PARENTAL, ConsentRoute.OWN, ConsentRoute.NOT_YET]
    return [ConsentRoute.OWN, ConsentRoute.BEST_INTERESTS, ConsentRoute.DEPUTY,
            ConsentRoute.NOT_YET]  # fmt: skip


def answerer_routes(age: int) -> list[ConsentRoute]:
    """Who may answer a consent link: under 16, a person with parental responsibility; from 16,
    the person, or for someone who cannot decide, a deputy, attorney or professional."""
    if age < 16:
        return [ConsentRoute.PARENTAL]
    return [ConsentRoute.OWN, ConsentRoute.DEPUTY, ConsentRoute.BEST_INTERESTS]
