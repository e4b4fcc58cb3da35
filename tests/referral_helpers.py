"""A person filling in the referral through the test client, page by page."""

from conftest import parse

ADULT_DOB = {"date_of_birth-day": "14", "date_of_birth-month": "6", "date_of_birth-year": "1990"}
CHILD_DOB = {"date_of_birth-day": "2", "date_of_birth-month": "9", "date_of_birth-year": "2014"}


def csrf(html: str) -> str:
    field = parse(html).select_one("input[name=csrf_token]")
    return field["value"] if field else ""


class Journey:
    def __init__(self, client):
        self.client = client

    def start(self):
        page = self.client.get("/refer/")
        return self.client.post("/refer/", data={"csrf_token": csrf(page.text)})

    def answer(self, slug: str, data: dict, query: str = ""):
        page = self.client.get(f"/refer/{slug}{query}")
        assert page.status_code == 200, (slug, page.status_code)
        return self.client.post(
            f"/refer/{slug}{query}", data={"csrf_token": csrf(page.text), **data}
        )

    def check(self):
        return self.client.get("/refer/check")

    def send(self):
        return self.client.post("/refer/check", data={"csrf_token": csrf(self.check().text)})

    def errors(self, response) -> list[str]:
        soup = parse(response.text)
        return [a.get_text(" ", strip=True) for a in soup.select(".nhsuk-error-summary a")]


def answer_all(journey: Journey, route: dict, first: str = "who") -> None:
    """Go through the pages as a person would, from `first` until check your answers, answering
    each with `route[slug]` (nothing, on pages not in it) and checking each is accepted."""
    slug = first
    for _ in range(30):
        response = journey.answer(slug, route.get(slug, {}))
        assert response.status_code == 302, (slug, journey.errors(response))
        location = response.headers["Location"]
        if location == "/refer/check":
            return
        slug = location.removeprefix("/refer/").split("?")[0]
    raise AssertionError("the journey did not end")


COMMON = {
    "diagnosis": {"diagnosis": "both"},
    "situation": {
        "happening_now": "Meltdowns every day; school has excluded him 😟",
        "at_risk_of": ["admission", "school"],
        "in_hospital": "no",
    },
    "contact": {"email": "family@example.com", "phone": "07700 900 982", "preferred": "email"},
}

PARENT_OF_12_YEAR_OLD = {
    "who": {"referrer": "parent"},
    "person": {"full_name": "Amir Hussain", **CHILD_DOB, "nhs_number": "999 000 0018"},
    **COMMON,
    "referrer": {"name": "Nadia Hussain", "relationship": "Mother"},
    "consent": {"register": "yes", "sharing": "yes", "child_view": "yes"},
}

SELF_REFERRAL = {
    "who": {"referrer": "self"},
    "person": {"full_name": "Sam Taylor", **ADULT_DOB, "nhs_number_unknown": "y"},
    **COMMON,
    "consent": {"register": "yes", "sharing": "no"},
}

CARER_BEST_INTERESTS = {
    "who": {"referrer": "carer"},
    "person": {"full_name": "Gareth Jones", **ADULT_DOB, "nhs_number_unknown": "y"},
    **COMMON,
    "referrer": {"name": "Ceri Jones", "relationship": "Brother"},
    "consent-route": {"route": "best-interests"},
    "consent": {
        "register": "yes",
        "sharing": "yes",
        "decision_maker": "Dr Priya Shah",
        "decision_maker_role": "Consultant psychiatrist, CMHT",
        "decision_date-day": "3",
        "decision_date-month": "11",
        "decision_date-year": "2026",
        "consulted": "His brother and his advocate",
        "imca": "yes",
        "reasons": "He cannot weigh up the choice; support at home needs planning",
    },
}

PROFESSIONAL = {
    "who": {"referrer": "professional"},
    "person": {"full_name": "Lily Evans", **CHILD_DOB, "nhs_number_unknown": "y"},
    **COMMON,
    "referrer": {
        "name": "Tom Reid",
        "relationship": "Social worker",
        "organisation": "Exampleshire Council",
        "role": "Social worker",
    },
    "consent-route": {"route": "parental"},
    "consent": {
        "register": "yes",
        "sharing": "yes",
        "parent_name": "Jo Evans",
        "child_view": "not-yet",
    },
}
