"""Someone at the keyboard in Chromium: every page they reach is checked by axe-core (and, in
easy read, for text size and sentence length) and kept as served, for the Nu HTML Checker."""

from checkers import axe_violations
from journey_steps import YOUNG_PERSON, check_page, t
from staff_helpers import PASSWORD


class Visitor:
    def __init__(self, page, live_server, lang: str = "en", name: str = "visitor"):
        self.page = page
        self.live_server = live_server
        self.lang = lang
        self.name = name
        self.met: dict[str, str] = {}

    def check(self, response) -> None:
        self.met[f"{self.name}-{len(self.met):03}"] = response.text()
        assert axe_violations(self.page) == [], self.page.url
        if "app-easy-read" in (self.page.locator("body").get_attribute("class") or ""):
            check_page(self.page, "easy-read", axe=True)

    def open(self, path: str) -> None:
        self.check(self.page.goto(f"{self.live_server}{path}"))

    def go(self, locator) -> None:
        with self.page.expect_navigation() as navigation:
            locator.click()
        self.check(navigation.value)

    def link(self, name: str) -> None:
        self.go(self.page.get_by_role("link", name=t(name, self.lang), exact=True).first)

    def press(self, name: str, context: str | None = None) -> None:
        self.go(self.page.get_by_role("button", name=t(name, self.lang, context), exact=True))

    def label(self, text: str):
        return self.page.get_by_label(t(text, self.lang), exact=True)

    def errors(self) -> list[str]:
        return self.page.locator(".nhsuk-error-summary li").all_inner_texts()


class Staff(Visitor):
    """A member of staff at the keyboard."""

    def __init__(self, page, live_server):
        super().__init__(page, live_server, name="staff")

    def sign_in(self, email: str) -> None:
        self.open("/staff/login")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.press("Sign in")


def give_view(young_person: Visitor, wants: str) -> None:
    """A young person answers every page of their own view, from the first, and sends it."""
    young_person.press("Continue", YOUNG_PERSON)  # too soon: the error state is checked too
    assert len(young_person.errors()) == 1
    young_person.label(wants).check()
    young_person.press("Continue", YOUNG_PERSON)
    young_person.label("What do you want people to know about you?").fill(
        "I like trains 🚆 and drawing. <b>Not bold</b>"
    )
    young_person.label("What worries you?").fill("Loud places")
    young_person.press("Continue", YOUNG_PERSON)
    young_person.label("Who helped you fill this in?").fill("Mum")
    young_person.press("Continue", YOUNG_PERSON)
    assert "/your-view/check" in young_person.page.url
    young_person.press("Send what I think")
    assert "/your-view/thanks" in young_person.page.url
