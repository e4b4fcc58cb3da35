"""PDF output: a document's HTML, drawn by WeasyPrint as a tagged PDF (PDF/UA-1).

WeasyPrint fetches only what the app itself serves (the easy read pictures and the document
stylesheet), never a file or a network address, whatever the HTML asks for. Drawing happens in
a child process with a time limit, so no input can hold a worker for long, and the font cache
WeasyPrint builds up goes with the child instead of growing in the worker."""

import multiprocessing
from pathlib import Path

from flask import Response, abort, current_app
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from portal.easyread.pictures import PICTURES, SVG_DIR

# A name that can never resolve: every address the document uses is answered by AppFetcher.
BASE_URL = "https://documents.invalid/"
STYLESHEET = Path(__file__).with_name("document.css")


class RenderTimeout(RuntimeError):
    """A document took longer than PDF_TIMEOUT_SECONDS to draw."""


class AppFetcher(URLFetcher):
    """Serves the pictures by name and the document stylesheet; refuses everything else.
    `asked` keeps every address asked for, for the tests to see."""

    def __init__(self):
        super().__init__()
        self.asked: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        if url == BASE_URL + "document.css":
            return URLFetcherResponse(url, STYLESHEET.read_bytes(), {"Content-Type": "text/css"})
        name = url.removeprefix(BASE_URL + "pictures/").removesuffix(".svg")
        if url.startswith(BASE_URL + "pictures/") and name in PICTURES:
            svg = (SVG_DIR / f"{PICTURES[name][0]}.svg").read_bytes()
            return URLFetcherResponse(url, svg, {"Content-Type": "image/svg+xml"})
        # Fatal, so that nothing else is tried for it.
        raise FatalURLFetchingError(f"Not fetched: {url[:200]}")


def draw(html: str, fetcher: AppFetcher | None = None) -> bytes:
    """The PDF for a document's HTML, in this process."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or AppFetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def _draw_into(html: str, sender) -> None:
    try:
        sender.send(("pdf", draw(html)))
    except BaseException as error:
        sender.send(("error", repr(error)))
    finally:
        sender.close()


# Drawn once in the worker itself, so that every child starts with the fonts of every script
# already found and loaded: this costs the worker a fixed amount of memory, once, and saves
# each document about a fifth of a second.
WARM_UP = """<!DOCTYPE html><html lang="en">
<head><link rel="stylesheet" href="document.css"></head><body><p>Easy read</p>
<p lang="ar" dir="rtl">قراءة سهلة</p><p lang="ur" dir="rtl">آسان پڑھائی</p>
<p lang="bn">সহজপাঠ</p><img src="pictures/yes.svg" alt="Yes"></body></html>"""
_warm = False


def draw_with_limit(html: str, seconds: float) -> bytes:
    """The PDF, drawn in a child process that is stopped after `seconds`."""
    global _warm
    if not _warm:
        draw(WARM_UP)
        _warm = True
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_draw_into, args=(html, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise RenderTimeout(f"The document took more than {seconds} seconds")
        kind, result = receiver.recv()
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind != "pdf":
        raise RuntimeError(f"The document could not be drawn: {result}")
    return result


def pdf_response(html: str, filename: str) -> Response:
    """A document as a PDF download. Every response is already `Cache-Control: no-store`."""
    try:
        pdf = draw_with_limit(html, current_app.config["PDF_TIMEOUT_SECONDS"])
    except RenderTimeout:
        abort(503)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})  # fmt: skip
