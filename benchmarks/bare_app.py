"""A bare Flask app that serves the same bytes as the portal: the ceiling to compare against."""

import os
from pathlib import Path

from flask import Flask, redirect

PAGE = Path(os.environ["BARE_PAGE"]).read_bytes()

app = Flask(__name__)


@app.get("/refer/person")
def page():
    return PAGE, 200, {"Content-Type": "text/html; charset=utf-8"}


@app.post("/refer/person")
def save():
    return redirect("/refer/diagnosis")
