"""Email delivery against real SMTP servers on 127.0.0.1 (aiosmtpd), through the console script."""

from __future__ import annotations

import subprocess
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from chatserver import ChatServer
from conftest import EXAMPLE
from console import llm_args, one_error_line, run_briefing
from fakes import reference_draft
from smtpserver import DroppingServer, Pki, SmtpServer, free_port, make_pki

from briefing.errors import UsageError
from briefing.output import mail

HEADLINE = reference_draft()["headline"]
PASSWORD = "s3cret-Pa55word"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """A test CA and a server certificate for 127.0.0.1 / localhost, made for this module."""
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def _today(zone: str = "Europe/Berlin") -> str:
    return datetime.now(ZoneInfo(zone)).date().isoformat()


# Who gets the briefing and who sends it, in most tests.
TO_ME = ["--email-to", "me@example.org", "--email-from", "bot@example.org"]


def _smtp(port: int, *more: str) -> list[str]:
    return ["--smtp-host", "127.0.0.1", "--smtp-port", str(port), *more]


def _generate(
    chat: ChatServer, work: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    chat.reply(reference_draft())
    return run_briefing(
        "generate",
        str(EXAMPLE),
        *llm_args(chat.base_url),
        "--tz",
        "Europe/Berlin",
        *args,
        cwd=work,
        **env,
    )


# --- plain delivery


def test_plain_delivery_is_multipart_alternative(chat_server: ChatServer, work: Path) -> None:
    out = work / "brief.md"
    with SmtpServer() as smtp:
        result = _generate(
            chat_server,
            work,
            "-o",
            str(out),
            "--email-to",
            "me@example.org, Second Reader <you@example.org>",
            "--email-from",
            "Briefing Bot <bot@example.org>",
            *_smtp(smtp.port, "--smtp-security", "none"),
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert out.read_text(encoding="utf-8").startswith(f"# {HEADLINE}")
    [got] = smtp.received
    assert got.mail_from == "bot@example.org"
    assert got.rcpt_tos == ["me@example.org", "you@example.org"]
    msg = got.message
    assert msg["Subject"] == f"Briefing: {HEADLINE} ({_today()})"
    assert msg["From"] == "Briefing Bot <bot@example.org>"
    assert msg["To"] == "me@example.org, Second Reader <you@example.org>"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    text, html = (p.get_content() for p in parts)
    assert text.startswith(HEADLINE) and "WHAT THEY SAID" in text and "<" not in text[:200]
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "style=" in html  # CSS inlined
    assert "<img" not in html and "http://" not in html and "https://" not in html
    assert "There can be no negotiation about Ukraine without Ukraine" in html
    # The reader sees the file's name, never the sender's folders; "Generated" on its own line.
    assert f"Source: {EXAMPLE.name}" in text and f"Source: {EXAMPLE.name}" in html
    assert str(EXAMPLE.parent) not in text and str(EXAMPLE.parent) not in html
    assert "\nGenerated " in text


def test_settings_from_config_file(chat_server: ChatServer, work: Path) -> None:
    config = work / "briefing.toml"
    with SmtpServer() as smtp:
        config.write_text(
            f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\n'
            'from = "config@example.org"\n',
            encoding="utf-8",
        )
        result = _generate(
            chat_server, work, "--email-to", "me@example.org", BRIEFING_CONFIG=str(config)
        )
    assert result.returncode == 0, result.stderr
    [got] = smtp.received
    assert got.mail_from == "config@example.org"
    assert got.message["From"] == "config@example.org"


def test_custom_subject(chat_server: ChatServer, work: Path) -> None:
    with SmtpServer() as smtp:
        result = _generate(
            chat_server,
            work,
            *TO_ME,
            "--subject",
            "[{date}] {headline} {{daily}}",
            *_smtp(smtp.port, "--smtp-security", "none"),
        )
    assert result.returncode == 0, result.stderr
    assert smtp.received[0].message["Subject"] == f"[{_today()}] {HEADLINE} {{daily}}"


# --- TLS and AUTH


def test_starttls_with_test_ca_and_auth_after_tls(
    chat_server: ChatServer, work: Path, pki: Pki
) -> None:
    server = SmtpServer(starttls=pki.server_context(), users={"alice": PASSWORD})
    with server as smtp:
        result = _generate(
            chat_server,
            work,
            *TO_ME,
            BRIEFING_SMTP_HOST="127.0.0.1",
            BRIEFING_SMTP_PORT=str(smtp.port),
            BRIEFING_SMTP_USER="alice",
            BRIEFING_SMTP_PASSWORD=PASSWORD,
            BRIEFING_SMTP_CAFILE=str(pki.ca_file),
        )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    [got] = smtp.received
    assert got.tls and got.user == "alice"
    # The only AUTH was sent inside TLS (auth_require_tls=True would refuse it otherwise).
    assert smtp.logins == [("alice", True, True)]


def test_implicit_tls_with_test_ca(chat_server: ChatServer, work: Path, pki: Pki) -> None:
    # aiosmtpd counts only STARTTLS for auth_require_tls; on an implicit-TLS port it must be off.
    server = SmtpServer(
        implicit_tls=pki.server_context(), users={"alice": PASSWORD}, auth_require_tls=False
    )
    with server as smtp:
        result = _generate(
            chat_server,
            work,
            *TO_ME,
            "--smtp-host",
            "localhost",
            "--smtp-port",
            str(smtp.port),
            "--smtp-security",
            "ssl",
            "--smtp-user",
            "alice",
            "--smtp-cafile",
            str(pki.ca_file),
            BRIEFING_SMTP_PASSWORD=PASSWORD,
        )
    assert result.returncode == 0, result.stderr
    [got] = smtp.received
    assert got.tls and got.user == "alice"
    assert smtp.logins == [("alice", True, True)]


def test_untrusted_certificate_exits_3(chat_server: ChatServer, work: Path, pki: Pki) -> None:
    with SmtpServer(starttls=pki.server_context(), users={"alice": PASSWORD}) as smtp:
        result = _generate(
            chat_server,
            work,
            *TO_ME,
            *_smtp(smtp.port, "--smtp-user", "alice"),
            BRIEFING_SMTP_PASSWORD=PASSWORD,
        )
    assert result.returncode == 3
    line = one_error_line(result)
    assert "certificate" in line and "127.0.0.1" in line and "BRIEFING_SMTP_CAFILE" in line
    assert smtp.received == [] and smtp.logins == []  # no password was offered


def test_wrong_password_exits_3_without_the_password(
    chat_server: ChatServer, work: Path, pki: Pki
) -> None:
    wrong = "hunter2-WRONG-pw"
    with SmtpServer(starttls=pki.server_context(), users={"alice": PASSWORD}) as smtp:
        result = _generate(
            chat_server,
            work,
            *TO_ME,
            *_smtp(smtp.port, "--smtp-user", "alice", "--smtp-cafile", str(pki.ca_file)),
            BRIEFING_SMTP_PASSWORD=wrong,
        )
    assert result.returncode == 3
    line = one_error_line(result)
    assert "refused the login" in line and "'alice'" in line and "BRIEFING_SMTP_PASSWORD" in line
    assert wrong not in result.stderr and wrong not in result.stdout
    # smtplib tries each offered mechanism (PLAIN, LOGIN): every try inside TLS, none accepted.
    assert smtp.logins and all(tls and not ok for _user, tls, ok in smtp.logins)
    assert smtp.received == []


def test_no_password_over_plaintext_to_remote_host(chat_server: ChatServer, work: Path) -> None:
    started = time.monotonic()
    result = _generate(
        chat_server,
        work,
        *TO_ME,
        "--smtp-host",
        "192.0.2.1",
        "--smtp-security",
        "none",
        "--smtp-user",
        "alice",
        BRIEFING_SMTP_PASSWORD=PASSWORD,
    )
    assert result.returncode == 3
    line = one_error_line(result)
    assert "unencrypted" in line and "192.0.2.1" in line and PASSWORD not in line
    assert chat_server.requests == []  # refused before the model ran, without connecting
    assert time.monotonic() - started < 30


def test_plain_auth_allowed_on_loopback(chat_server: ChatServer, work: Path) -> None:
    with SmtpServer(users={"alice": PASSWORD}, auth_require_tls=False) as smtp:
        result = _generate(
            chat_server,
            work,
            *TO_ME,
            *_smtp(smtp.port, "--smtp-security", "none", "--smtp-user", "alice"),
            BRIEFING_SMTP_PASSWORD=PASSWORD,
        )
    assert result.returncode == 0, result.stderr
    [got] = smtp.received
    assert got.user == "alice" and not got.tls


def test_server_without_starttls_is_a_config_error(chat_server: ChatServer, work: Path) -> None:
    with SmtpServer() as smtp:
        result = _generate(
            chat_server,
            work,
            *TO_ME,
            *_smtp(smtp.port),
        )
    assert result.returncode == 3
    line = one_error_line(result)
    assert "does not offer STARTTLS" in line
    assert "--smtp-security ssl" in line and "--smtp-security none for a local relay" in line
    assert smtp.received == []


# --- transient failures


def test_server_that_drops_the_connection_exits_5(chat_server: ChatServer, work: Path) -> None:
    out = work / "brief.md"
    with DroppingServer() as smtp:
        result = _generate(
            chat_server,
            work,
            "-o",
            str(out),
            *TO_ME,
            *_smtp(smtp.port, "--smtp-security", "none"),
        )
    assert result.returncode == 5
    assert "closed the connection" in one_error_line(result)
    assert smtp.connections == 1
    assert out.is_file()  # the file output is delivered before the email is tried


def test_connection_refused_exits_5(chat_server: ChatServer, work: Path) -> None:
    result = _generate(
        chat_server,
        work,
        *TO_ME,
        *_smtp(free_port(), "--smtp-security", "none"),
    )
    assert result.returncode == 5
    line = one_error_line(result)
    assert "cannot reach SMTP server 127.0.0.1:" in line and "connection refused" in line
    assert "check the host and port (--smtp-host, --smtp-port" in line
    assert "try again later" not in line


# --- header injection and validation


def test_crlf_in_headline_and_subject_cannot_add_headers(
    chat_server: ChatServer, work: Path
) -> None:
    draft = reference_draft()
    draft["headline"] = "NATO allies meet\r\nBcc: evil@example.org"
    chat_server.reply(draft)
    with SmtpServer() as smtp:
        result = run_briefing(
            "generate",
            str(EXAMPLE),
            *llm_args(chat_server.base_url),
            *TO_ME,
            "--subject",
            "Daily\r\nX-Injected: yes\n{headline}",
            *_smtp(smtp.port, "--smtp-security", "none"),
            cwd=work,
        )
    assert result.returncode == 0, result.stderr
    [got] = smtp.received
    assert got.rcpt_tos == ["me@example.org"]
    msg = got.message
    assert msg["Bcc"] is None and msg["X-Injected"] is None
    assert "evil@example.org" not in got.rcpt_tos
    subject = msg["Subject"]
    assert "\r" not in subject and "\n" not in subject
    # The headline named "Bcc", which the article never does: replaced by the article's own title
    # (its feed footer: "The post NATO ministers plead ... appeared first on Politico.").
    assert subject.startswith("Daily X-Injected: yes NATO ministers plead for Ukraine")
    header_block = got.data.split(b"\r\n\r\n", 1)[0]
    assert not any(
        line.lower().startswith((b"bcc:", b"x-injected:")) for line in header_block.splitlines()
    )


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--email-to", "me@example.org\r\nBcc: evil@example.org"),
        ("--email-to", "not-an-address"),
        ("--email-to", "me@example.org junk"),
        ("--email-to", "me@exa mple.org"),
        ("--email-from", "bot@"),
        ("--subject", "{headline} {password}"),
        ("--subject", "{headline.__class__}"),
        ("--subject", "{0}"),
        ("--subject", "unbalanced {"),
    ],
)
def test_bad_addresses_and_subjects_exit_2_before_the_model(
    chat_server: ChatServer, work: Path, flag: str, value: str
) -> None:
    args = {"--email-to": "me@example.org", "--email-from": "bot@example.org", flag: value}
    result = run_briefing(
        "generate",
        str(EXAMPLE),
        *llm_args(chat_server.base_url),
        *[x for pair in args.items() for x in pair],
        *_smtp(25, "--smtp-security", "none"),
        cwd=work,
    )
    assert result.returncode == 2
    line = one_error_line(result)
    assert flag in line
    assert chat_server.requests == []


def test_email_flags_without_recipients_are_a_usage_error(work: Path) -> None:
    result = run_briefing("generate", str(EXAMPLE), "--email-from", "bot@example.org", cwd=work)
    assert result.returncode == 2
    assert "need --email-to" in one_error_line(result)


def test_missing_smtp_host_is_a_config_error(chat_server: ChatServer, work: Path) -> None:
    result = _generate(chat_server, work, "--email-to", "me@example.org")
    assert result.returncode == 3
    assert "BRIEFING_SMTP_HOST" in one_error_line(result)
    assert chat_server.requests == []


def test_parse_addresses() -> None:
    got = mail.parse_addresses("a@example.org, Name <B@Example.org>,a@example.org", option="-x")
    assert [str(a) for a in got] == ["a@example.org", "Name <B@Example.org>"]
    for bad in ("", " , ", "a@b.org\nBcc: c@d.org", "@x.org", "a@", "<>", "ü@x.org", "a@-x.org"):
        with pytest.raises(UsageError):
            mail.parse_addresses(bad, option="-x")


def test_format_subject_keeps_one_line() -> None:
    day = date(2025, 2, 13)
    assert mail.format_subject(mail.DEFAULT_SUBJECT, headline="A\r\nB:\tc", day=day) == (
        "Briefing: A B: c (2025-02-13)"
    )


# --- `briefing send FILE`


def test_send_rendered_html_file(chat_server: ChatServer, work: Path) -> None:
    html_file = work / "brief.html"
    chat_server.reply(reference_draft())
    made = run_briefing(
        "generate",
        str(EXAMPLE),
        *llm_args(chat_server.base_url),
        "-f",
        "html",
        "-o",
        str(html_file),
        cwd=work,
    )
    assert made.returncode == 0, made.stderr
    with SmtpServer() as smtp:
        result = run_briefing(
            "send",
            str(html_file),
            *TO_ME,
            "--tz",
            "UTC",
            *_smtp(smtp.port, "--smtp-security", "none"),
            cwd=work,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    [got] = smtp.received
    msg = got.message
    assert msg["Subject"] == f"Briefing: {HEADLINE} ({_today('UTC')})"
    text, html = (p.get_content() for p in msg.iter_parts())
    assert html.rstrip("\n") == html_file.read_text(encoding="utf-8").rstrip("\n")
    assert HEADLINE in text.splitlines()[:5]  # the <h1>, on a line of its own
    assert "There can be no negotiation about Ukraine without Ukraine" in text
    assert "<" not in text and "{" not in text  # no markup, no CSS


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("<!DOCTYPE html><p>" + "x" * 120_000 + "</p>", "clip"),
        ('<!DOCTYPE html><p><img src="https://tracker.example/p.gif"></p>', "remote resource"),
        ('<!DOCTYPE html><td style="background: url(http://x.example/b.png)">', "remote resource"),
        ("just some text", "not an HTML file"),
    ],
    ids=["too-big", "remote-image", "remote-css", "not-html"],
)
def test_send_refuses_unsuitable_html(work: Path, body: str, why: str) -> None:
    page = work / "page.html"
    page.write_text(body, encoding="utf-8")
    result = run_briefing(
        "send",
        str(page),
        *TO_ME,
        *_smtp(free_port(), "--smtp-security", "none"),
        cwd=work,
    )
    assert result.returncode == 2
    assert why in one_error_line(result)
