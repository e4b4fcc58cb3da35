"""The easy read documents: what you told us, your consent and the outcome letter, as tagged
PDFs in every language and both versions, drawn from hostile answers without fetching
anything, and served only to the people they belong to."""

import re
import subprocess
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import time_machine
from flask_babel import force_locale
from PIL import Image
from sqlalchemy import select

from checkers import FAMILIAR_YOU, MAX_WORDS, SENTENCE_END, pdf_objects, pdf_text
from conftest import dispose, migrated_app, parse, text_of
from portal.clock import now, today
from portal.easyread.documents import OUTCOME, TITLES, document_html
from portal.easyread.pdf import BASE_URL, AppFetcher, draw
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.referral.models import Referral
from portal.register.models import Person, Review
from portal.vocabulary import Role
from referral_helpers import COMMON, PARENT_OF_12_YEAR_OLD, SELF_REFERRAL, Journey, answer_all
from staff_helpers import add_staff, post_form, rated, sign_in

HOSTILE = ('<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://10.9.8.7/x.css"> '
           "{{ 7*7 }} {% raw %} http://169.254.169.254/latest")  # fmt: skip
HOSTILE_ROUTE = {**PARENT_OF_12_YEAR_OLD,
                 "situation": {**COMMON["situation"], "happening_now": HOSTILE},
                 "support": {"tried": HOSTILE, "would_help": HOSTILE}}  # fmt: skip
SCRIPT_FONTS = {"ur": "Noto-Nastaliq-Urdu", "ar": "Noto-Naskh-Arabic", "bn": "Noto-Sans-Bengali"}
DOCUMENTS = [("what-you-told-us", "accepted"), ("your-consent", "accepted"),
             ("outcome", "accepted"), ("outcome", "declined"),
             ("what-we-agreed", "accepted")]  # fmt: skip


class Setup:
    """A referral accepted (with hostile answers) and one declined, and who sent them."""

    def __init__(self, app):
        self.app = app
        add_staff(app, Role.COORDINATOR)
        self.coordinator = app.test_client()
        sign_in(self.coordinator, "coordinator@example.nhs.uk")
        self.family = Journey(app.test_client())
        self.family.start()
        answer_all(self.family, HOSTILE_ROUTE)
        assert self.family.send().status_code == 302
        self.accepted = self._newest()
        post_form(self.coordinator, f"/staff/referrals/{self.accepted}/accept",
                  rated("amber"))  # fmt: skip
        self._review()
        other = Journey(app.test_client())
        other.start()
        answer_all(other, SELF_REFERRAL)
        other.send()
        self.declined = self._newest()
        post_form(self.coordinator, f"/staff/referrals/{self.declined}/decline",
                  {"reason": "area", "signposting": "Exampleshire Autism Hub 🌻"})  # fmt: skip

    def _review(self) -> None:
        """A review of the accepted referral's person that agreed two actions, one to share,
        as hostile as the answers."""
        with self.app.app_context():
            person_id = db.session.scalar(
                select(Person.id).where(Person.referral_id == self.accepted)
            )
        held, due = today(), today() + timedelta(days=14)
        day = {"held_on-day": str(held.day), "held_on-month": str(held.month),
               "held_on-year": str(held.year)}  # fmt: skip
        post_form(self.coordinator, f"/staff/people/{person_id}/review", {
            **day, "attendees": ["coordinator", "family"], **rated("red"), "cetr": "yes",
            "reason": "Staff only: the reason", "keyworker": "yes", "letter": "send",
            "notes": "Staff only: the notes",
            **{f"actions-{n}-{k}": v for n, (what, shared) in enumerate(
                [(HOSTILE, "y"), ("Staff only: an action", "")])
               for k, v in {"action": what, "owner": "Jo Evans 🙂", "shareable": shared,
                            "due-day": str(due.day), "due-month": str(due.month),
                            "due-year": str(due.year)}.items() if v}})  # fmt: skip

    def _newest(self) -> int:
        with self.app.app_context():
            return db.session.scalar(select(Referral.id).order_by(Referral.id.desc()))

    def html(self, document: str, which: str, version: str) -> str:
        """The document's HTML; what was agreed, at the person's last review."""
        referral = self.referral(which)
        review = None
        if document == "what-we-agreed":
            review = db.session.scalars(
                select(Review).join(Person, Person.id == Review.person_id)
                .where(Person.referral_id == referral.id).order_by(Review.id.desc())
            ).first()  # fmt: skip
        return document_html(document, referral, version, review)

    def referral(self, which: str) -> Referral:
        with self.app.app_context():
            referral = db.session.get(Referral, getattr(self, which))
            db.session.expunge(referral)
            return referral


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("documents")
    app = migrated_app(folder, RATELIMIT_ENABLED=False, EMAIL_OUTBOX=str(folder / "outbox"))
    yield Setup(app)
    dispose(app)


def ink_on_page_one(path: Path, folder: Path) -> float:
    """The share of page 1 that is not white."""
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", "-singlefile",
                    str(path), str(folder / "page")], check=True)  # fmt: skip
    grey = Image.open(folder / "page.png").convert("L")
    dark = sum(count for level, count in enumerate(grey.histogram()) if level < 200)
    return dark / (grey.width * grey.height)


@pytest.mark.parametrize("version", ["easy-read", "plain"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_document_is_a_tagged_pdf_in_every_language(setup, lang, version, tmp_path):
    for document, which in DOCUMENTS:
        response = setup.coordinator.get(
            f"/staff/referrals/{getattr(setup, which)}/document",
            query_string={"document": document, "version": version, "lang": lang},
        )
        assert response.status_code == 200, (document, which)
        assert response.mimetype == "application/pdf"
        assert "no-store" in response.headers["Cache-Control"]
        path = tmp_path / f"{document}-{which}.pdf"
        path.write_bytes(response.data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        with setup.app.test_request_context(), force_locale(lang):
            title = str(TITLES[document])
        assert re.search(r"^Tagged:\s+yes$", info, re.M)
        assert re.search(rf"^Title:\s+{re.escape(title)}$", info, re.M)
        objects = pdf_objects(response.data)
        assert f"/Lang ({lang})".encode() in objects
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        assert SCRIPT_FONTS.get(lang, "Noto-Sans") in fonts  # the script's own letters, no boxes
        if version == "easy-read":
            assert objects.count(b"/Alt") >= 3  # the pictures say what they show
        assert ink_on_page_one(path, tmp_path) > 0.01, (document, which)


@pytest.mark.parametrize(("lang", "first_page"), [("en", "Page 1 of 2"), ("ar", "الصفحة 1 من 2")])
def test_each_page_is_numbered_in_words_of_the_readers_language(setup, lang, first_page, tmp_path):
    """In words, as "1 / 2" read "2 / 1" in right-to-left languages."""
    with setup.app.test_request_context(), force_locale(lang):
        html = document_html("your-consent", setup.referral("accepted"), "easy-read")
    path = tmp_path / "consent.pdf"
    path.write_bytes(draw(html))
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+2$", pages, re.M)
    # pdftotext marks the runs of each direction; what is said is the same without them.
    words = re.sub(r"[\u202a-\u202e\s]", "", pdf_text(path))
    assert first_page.replace(" ", "") in words


def test_hostile_answers_are_printed_as_written_and_nothing_is_fetched(setup, tmp_path):
    with setup.app.test_request_context():
        html = document_html("what-you-told-us", setup.referral("accepted"), "easy-read")
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html and '<img src="file' not in html
    fetcher = AppFetcher()
    path = tmp_path / "told.pdf"
    path.write_bytes(draw(html, fetcher))
    assert fetcher.asked and all(url.startswith(BASE_URL) for url in fetcher.asked)
    assert {url.removeprefix(BASE_URL).split("/")[0] for url in fetcher.asked} == {
        "document.css", "pictures"}  # fmt: skip
    text = "".join(pdf_text(path).split())  # lines wrap anywhere in a long address
    for literal in ['<img src="file:///etc/passwd">', "{{ 7*7 }}", "{% raw %}",
                    "http://169.254.169.254/latest"]:  # fmt: skip
        assert "".join(literal.split()) in text
    assert "root:x:0" not in text


def test_the_fetcher_refuses_files_and_the_network():
    fetcher = AppFetcher()
    for url in ["file:///etc/passwd", "http://10.9.8.7/x.css", "https://example.com/a.png",
                f"{BASE_URL}pictures/../../etc/passwd", f"{BASE_URL}pictures/nothing.svg",
                f"{BASE_URL}secret_key", "data:text/plain,hello"]:  # fmt: skip
        with pytest.raises(BaseException, match="Not fetched"):
            fetcher.fetch(url)
    assert fetcher.fetch(f"{BASE_URL}pictures/yes.svg").read().startswith(b"<svg")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_easy_read_documents_keep_the_easy_read_rules(setup, lang):
    for document, which in DOCUMENTS:
        with setup.app.test_request_context(), force_locale(lang):
            soup = parse(setup.html(document, which, "easy-read"))
        for answer in soup.select(".answer"):
            answer.decompose()  # what people wrote is theirs, not ours to shorten
        long = [sentence for element in soup.select("p, h1, h2, li")
                for sentence in SENTENCE_END.split(text_of(element))
                if len(sentence.split()) > MAX_WORDS]  # fmt: skip
        assert long == [], document
        pictures = soup.select("img")
        assert pictures and all(p.get("alt", "").strip() for p in pictures), document


@pytest.mark.parametrize("lang", sorted(FAMILIAR_YOU))
def test_documents_speak_to_adults_politely(setup, lang):
    for document, which in DOCUMENTS:
        for version in ("easy-read", "plain"):
            with setup.app.test_request_context(), force_locale(lang):
                soup = parse(setup.html(document, which, version))
            for answer in soup.select(".answer"):
                answer.decompose()
            assert FAMILIAR_YOU[lang].findall(text_of(soup.body)) == [], (document, version)


def test_documents_are_only_for_the_sender_the_link_holder_and_staff(setup):
    # The browser that sent the referral (the accepted one) may download its copies.
    # ...in the language they are reading, here Urdu, right to left.
    family = setup.family.client
    family.get("/?lang=ur")
    for document in ("what-you-told-us", "your-consent"):
        for version in ("", "?version=plain"):
            copy = family.get(f"/refer/confirmation/{document}.pdf{version}")
            assert copy.status_code == 200 and b"/Lang (ur)" in pdf_objects(copy.data)
    family.get("/?lang=en")
    assert family.get("/refer/confirmation/outcome.pdf").status_code == 404
    stranger = setup.app.test_client()
    assert stranger.get("/refer/confirmation/what-you-told-us.pdf").status_code == 404
    # Staff: coordinators only.
    url = f"/staff/referrals/{setup.accepted}/document?document=outcome&version=plain&lang=en"
    assert stranger.get(url).status_code == 302
    add_staff(setup.app, Role.PANEL)
    panel = setup.app.test_client()
    sign_in(panel, "panel@example.nhs.uk")
    assert panel.get(url).status_code == 403
    # No letter before a decision.
    waiting = Journey(setup.app.test_client())
    waiting.start()
    answer_all(waiting, SELF_REFERRAL)
    waiting.send()
    newest = setup._newest()
    # ...so it is not offered, and asking for it goes back to the choice.
    page = parse(setup.coordinator.get(f"/staff/referrals/{newest}").text)
    offered = [i["value"] for i in page.select("input[name=document]")]
    assert offered == ["what-you-told-us", "your-consent"]
    letter = f"/staff/referrals/{newest}/document?document=outcome&version=plain&lang=en"
    assert (
        setup.coordinator.get(letter).headers["Location"] == f"/staff/referrals/{newest}#documents"
    )


def test_the_decision_email_links_to_the_outcome_letter(setup):
    outbox = Path(setup.app.config["EMAIL_OUTBOX"])
    emails = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in outbox.glob("*")]
    decided = [e for e in emails if "the person is on the register" in e["Subject"]]
    line = next(x for x in decided[0].get_content().splitlines() if "/outcome/?token=" in x)
    path = "/outcome/" + line.split("/outcome/", 1)[1].strip()
    reader = setup.app.test_client()
    page = reader.get(f"{path}&format=easy-read")
    assert page.status_code == 200
    links = [a["href"] for a in parse(page.text).select("main a[download]")]
    assert len(links) == 2
    for href in links:
        letter = reader.get(href)
        assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    assert reader.get(path.replace("token=", "token=x")).status_code == 404
    with time_machine.travel(now() + timedelta(days=91)):
        assert reader.get(links[0]).status_code == 404


def test_a_document_that_takes_too_long_is_stopped(setup):
    setup.app.config["PDF_TIMEOUT_SECONDS"] = 0.001
    try:
        response = setup.coordinator.get(
            f"/staff/referrals/{setup.accepted}/document",
            query_string={"document": OUTCOME, "version": "easy-read", "lang": "ur"},
        )
    finally:
        setup.app.config["PDF_TIMEOUT_SECONDS"] = 20
    assert response.status_code == 503
    assert "Try again later" in response.text


@pytest.mark.parametrize("lang", ["ur", "ar"])
def test_numbers_and_english_answers_read_as_written_in_right_to_left_documents(
    setup, lang, tmp_path
):
    response = setup.coordinator.get(
        f"/staff/referrals/{setup.accepted}/document",
        query_string={"document": "what-you-told-us", "version": "plain", "lang": lang},
    )
    path = tmp_path / "told.pdf"
    path.write_bytes(response.data)
    # pdftotext marks the runs of each direction; what is said is the same without them.
    text = re.sub(r"[\u202a-\u202e\u2066-\u2069]", "", pdf_text(path))
    assert "999 000 0018" in text and "07700 900 982" in text
    # The reference reads apart from the words around it.
    reference = setup.referral("accepted").reference
    assert re.search(rf"(?<!\w){reference}(?!\w)", text), text


@pytest.mark.parametrize("version", ["easy-read", "plain"])
def test_the_consent_document_names_the_organisations(setup, version):
    with setup.app.test_request_context():
        soup = parse(document_html("your-consent", setup.referral("accepted"), version))
        agencies = setup.app.config["PARTNER_AGENCIES"]
    listed = [text_of(li) for li in soup.select("li")]
    assert agencies and all(agency in listed for agency in agencies)


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_no_page_holds_only_the_picture_credit(setup, lang, tmp_path):
    for document, which in DOCUMENTS:
        referral = setup.referral(which)
        response = setup.coordinator.get(
            f"/staff/referrals/{referral.id}/document",
            query_string={"document": document, "version": "easy-read", "lang": lang},
        )
        path = tmp_path / f"{document}.pdf"
        path.write_bytes(response.data)
        pages = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                               check=True).stdout.split("\f")  # fmt: skip
        pages = [" ".join(p.split()) for p in pages if p.strip()]
        # Every page has more on it than a heading and a line: the last holds the closing
        # sections together, the first is not left almost blank.
        assert all(len(p.split()) > 25 for p in pages), (document, [len(p.split()) for p in pages])
