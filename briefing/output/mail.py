"""Email over SMTP: settings, a multipart/alternative message, sending (the only smtplib user)."""

from __future__ import annotations

import ipaddress
import os
import re
import smtplib
import socket
import ssl
import string
from dataclasses import dataclass, field
from datetime import date
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from briefing.config import setting
from briefing.errors import ConfigError, TemporaryError, UnavailableError, UsageError

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_SUBJECT = "Briefing: {headline} ({date})"
SUBJECT_FIELDS = ("headline", "date")
MAX_HTML_BYTES = 100_000  # Gmail clips messages over about 102 KB
MAX_SUBJECT_HEADLINE = 150  # characters of the headline in the subject
TIMEOUT = 30.0
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)
# Anything an email client would fetch: <img src/srcset>, background=, CSS url(), stylesheets.
_RESOURCE = re.compile(
    r"""<img\b[^>]*?\b(?:src|srcset)\s*=\s*["']?\s*([^"'\s>]+)"""
    r"""|\bbackground\s*=\s*["']?\s*([^"'\s>]+)"""
    r"""|url\(\s*["']?\s*([^"')\s]+)"""
    r"""|<link\b[^>]*?\brel\s*=\s*["']?stylesheet[^>]*>""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send. The password is kept out of repr."""

    host: str
    port: int
    security: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    cafile: str | None = None


@dataclass(frozen=True)
class Delivery:
    """A validated email plan: sender, recipients, subject template, SMTP settings."""

    sender: Address
    recipients: tuple[Address, ...]
    subject: str
    smtp: SmtpSettings

    @property
    def addresses(self) -> list[str]:
        """The recipients' bare addresses (the SMTP envelope)."""
        return [a.addr_spec for a in self.recipients]


def _one_line(value: str) -> str:
    """Control characters (CR, LF, TAB, ...) become spaces; runs of whitespace collapse."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())


def parse_addresses(value: str, *, option: str) -> tuple[Address, ...]:
    """Parse 'a@x.org, Name <b@y.org>' strictly; UsageError names the bad address."""
    if any(not ch.isprintable() for ch in value):
        raise UsageError(f"{option}: control characters (CR, LF, ...) are not allowed")
    found: dict[str, Address] = {}
    for piece in (p.strip() for p in value.split(",")):
        if not piece:
            continue
        name, addr = parseaddr(piece)
        # parseaddr is lenient ("a@b.org junk" -> "a@b.orgjunk"): it must account for the text.
        whole = piece == addr if not name else piece.endswith(f"<{addr}>")
        try:
            parsed = Address(display_name=name, addr_spec=addr) if whole and addr else None
        except (ValueError, IndexError, HeaderParseError):
            parsed = None
        if (
            parsed is None
            or not parsed.username
            or not parsed.username.isascii()
            or not _DOMAIN.match(parsed.domain)
        ):
            raise UsageError(f"{option}: {piece!r} is not an email address like name@example.org")
        found.setdefault(parsed.addr_spec.lower(), parsed)
    if not found:
        raise UsageError(f"{option}: give at least one email address")
    return tuple(found.values())


def check_subject(template: str) -> str:
    """Refuse a subject template with fields other than {headline} and {date}."""
    allowed = ", ".join(f"{{{f}}}" for f in SUBJECT_FIELDS)
    try:
        for _text, name, spec, _conversion in string.Formatter().parse(template):
            if name is not None and (name not in SUBJECT_FIELDS or "{" in (spec or "")):
                raise UsageError(
                    f"--subject: unknown field {{{name}}}; the subject may use {allowed}"
                )
        template.format_map({"headline": "", "date": ""})
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        raise UsageError(
            f"--subject {template!r}: {exc}; use {allowed}, and {{{{ }}}} for literal braces"
        ) from None
    return template


def format_subject(template: str, *, headline: str, day: date) -> str:
    """The subject line on one line: a headline cannot add headers, hide text behind invisible
    or bidi characters, or run on (capped)."""
    from briefing.ingest.clean import clean_field

    values = {
        "headline": clean_field(headline, MAX_SUBJECT_HEADLINE) or "",
        "date": day.isoformat(),
    }
    return _one_line(check_subject(template).format_map(values))


def _loopback(host: str) -> bool:
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_smtp(
    *,
    host: str | None = None,
    port: int | None = None,
    user: str | None = None,
    security: str | None = None,
    cafile: str | None = None,
    table: dict[str, Any] | None = None,
) -> SmtpSettings:
    """SMTP settings: flag > BRIEFING_SMTP_* environment > config file [smtp] > default."""
    t = table or {}
    name = setting(host, "BRIEFING_SMTP_HOST", "host", table=t)
    if not name:
        raise ConfigError(
            "no SMTP server for --email-to; set BRIEFING_SMTP_HOST, give --smtp-host, or add "
            "host to the [smtp] table of the config file"
        )
    mode = (setting(security, "BRIEFING_SMTP_SECURITY", "security", table=t) or "starttls").lower()
    if mode not in SECURITY:
        raise ConfigError(f"SMTP security {mode!r}: use one of {', '.join(SECURITY)}")
    raw_port = setting(port, "BRIEFING_SMTP_PORT", "port", table=t) or DEFAULT_PORTS[mode]
    try:
        number = int(raw_port)
    except ValueError:
        number = 0
    if not 0 < number < 65536:
        raise ConfigError(f"SMTP port {raw_port!r}: give a number from 1 to 65535")
    login = setting(user, "BRIEFING_SMTP_USER", "user", table=t)
    # Read late and kept out of messages: the password only travels to the server.
    password = os.environ.get("BRIEFING_SMTP_PASSWORD") or str(t.get("password") or "") or None
    if login and not password:
        raise ConfigError(
            "SMTP user is set but no password; set BRIEFING_SMTP_PASSWORD or password in [smtp]"
        )
    if login and mode == "none" and not _loopback(name):
        raise ConfigError(
            f"refusing to send the SMTP password unencrypted to {name}; set "
            "BRIEFING_SMTP_SECURITY=starttls or ssl (plain AUTH is allowed only on loopback)"
        )
    ca = setting(cafile, "BRIEFING_SMTP_CAFILE", "cafile", table=t)
    if ca and not Path(ca).is_file():
        raise ConfigError(f"SMTP CA file {ca}: no such file (BRIEFING_SMTP_CAFILE)")
    return SmtpSettings(
        host=name, port=number, security=mode, user=login, password=password, cafile=ca
    )


def prepare(
    *,
    email_to: str,
    email_from: str | None = None,
    subject: str | None = None,
    host: str | None = None,
    port: int | None = None,
    user: str | None = None,
    security: str | None = None,
    cafile: str | None = None,
) -> Delivery:
    """Check everything about an email before any work is done; errors name what to fix."""
    from briefing.config import file_table

    recipients = parse_addresses(email_to, option="--email-to")
    table = file_table("smtp")
    smtp = resolve_smtp(
        host=host, port=port, user=user, security=security, cafile=cafile, table=table
    )
    sender = setting(email_from, "BRIEFING_EMAIL_FROM", "from", table=table)
    if not sender and smtp.user and "@" in smtp.user:
        sender = smtp.user
    if not sender:
        raise ConfigError(
            "no sender address; give --email-from, set BRIEFING_EMAIL_FROM or from in [smtp]"
        )
    (from_address,) = parse_addresses(sender, option="--email-from")
    return Delivery(
        sender=from_address,
        recipients=recipients,
        subject=check_subject(subject if subject is not None else DEFAULT_SUBJECT),
        smtp=smtp,
    )


def check_html(html: str) -> None:
    """Refuse HTML that email clients would clip (over 100 KB) or that loads remote resources."""
    size = len(html.encode("utf-8"))
    if size > MAX_HTML_BYTES:
        raise UsageError(
            f"the HTML briefing is {size // 1000} KB; email clients clip messages over "
            f"{MAX_HTML_BYTES // 1000} KB"
        )
    for match in _RESOURCE.finditer(html):
        ref = next((g for g in match.groups() if g), match.group(0))
        if not ref.lower().startswith(("data:", "cid:", "#")):
            raise UsageError(f"the HTML loads a remote resource ({ref[:80]}); emails must not")


def compose(delivery: Delivery, *, headline: str, day: date, text: str, html: str) -> EmailMessage:
    """A multipart/alternative message: the text part, then the HTML part (CSS inlined)."""
    check_html(html)
    message = EmailMessage()  # the default policy refuses CR/LF in header values
    message["Subject"] = format_subject(delivery.subject, headline=headline, day=day)
    message["From"] = delivery.sender
    message["To"] = delivery.recipients
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=delivery.sender.domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to a cron job
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def _tls(smtp: SmtpSettings) -> ssl.SSLContext:
    # Certificates and host names verified against the system CAs plus the optional extra CA file.
    context = ssl.create_default_context()
    if smtp.cafile:
        try:
            context.load_verify_locations(cafile=smtp.cafile)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(
                f"SMTP CA file {smtp.cafile}: not a PEM certificate ({exc})"
            ) from None
    return context


def _reply(exc: smtplib.SMTPResponseException, smtp: SmtpSettings) -> str:
    raw = exc.smtp_error
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    if smtp.password:
        text = text.replace(smtp.password, "***")
    return f"{exc.smtp_code} {_one_line(text)}"[:160]


def send(message: EmailMessage, delivery: Delivery, *, timeout: float = TIMEOUT) -> list[str]:
    """Send the message; return the recipients the server refused (when it took the others)."""
    smtp = delivery.smtp
    where = f"{smtp.host}:{smtp.port}"
    try:
        client: smtplib.SMTP
        if smtp.security == "ssl":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout, context=_tls(smtp))
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        with client:
            client.ehlo()
            if smtp.security == "starttls":
                if not client.has_extn("starttls"):
                    raise ConfigError(
                        f"SMTP server {where} does not offer STARTTLS; use --smtp-security ssl "
                        "for an implicit-TLS port (465), or --smtp-security none for a local "
                        "relay without TLS (or BRIEFING_SMTP_SECURITY)"
                    )
                client.starttls(context=_tls(smtp))
                client.ehlo()
            if smtp.user:
                try:
                    client.login(smtp.user, smtp.password or "")
                except UnicodeEncodeError:
                    raise ConfigError(
                        f"SMTP server {where} accepts only ASCII user names and passwords"
                    ) from None
            refused = client.send_message(
                message, from_addr=delivery.sender.addr_spec, to_addrs=delivery.addresses
            )
    except ssl.SSLCertVerificationError as exc:
        raise ConfigError(
            f"TLS certificate of SMTP server {smtp.host} not trusted ({exc.verify_message}); "
            "if it uses a private CA, set BRIEFING_SMTP_CAFILE to that CA's certificate"
        ) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise ConfigError(
            f"SMTP server {where} refused the login for user {smtp.user!r} "
            f"({_reply(exc, smtp)}); check BRIEFING_SMTP_USER and BRIEFING_SMTP_PASSWORD"
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise ConfigError(
            f"SMTP server {where} does not offer AUTH; unset BRIEFING_SMTP_USER if it needs "
            "no login, or check BRIEFING_SMTP_SECURITY"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _msg in exc.recipients.values()]
        error = UnavailableError if min(codes, default=500) >= 500 else TemporaryError
        raise error(
            f"SMTP server {where} refused every recipient "
            f"({', '.join(f'{a}: {c}' for a, (c, _m) in exc.recipients.items())})"
        ) from None
    except smtplib.SMTPResponseException as exc:  # sender refused, data refused, bad greeting
        error = UnavailableError if exc.smtp_code >= 500 else TemporaryError
        raise error(f"SMTP server {where} answered {_reply(exc, smtp)}") from None
    except smtplib.SMTPServerDisconnected:
        raise TemporaryError(
            f"SMTP server {where} closed the connection; try again later"
        ) from None
    except (ssl.SSLEOFError, ssl.SSLZeroReturnError):
        raise TemporaryError(f"SMTP server {where} closed the TLS connection") from None
    except ssl.SSLError as exc:
        raise ConfigError(
            f"TLS with SMTP server {where} failed ({exc.reason or exc}); check "
            "BRIEFING_SMTP_SECURITY (ssl for port 465, starttls for 587) and the port"
        ) from None
    except smtplib.SMTPException as exc:
        raise UnavailableError(f"SMTP server {where}: {_one_line(str(exc))}") from None
    except socket.gaierror as exc:
        if exc.errno == socket.EAI_AGAIN:
            raise TemporaryError(f"cannot resolve SMTP host {smtp.host} right now") from None
        raise ConfigError(f"unknown SMTP host {smtp.host!r}; check BRIEFING_SMTP_HOST") from None
    except TimeoutError:
        raise TemporaryError(f"SMTP server {where} timed out after {timeout:g} s") from None
    except ConnectionRefusedError:
        raise TemporaryError(
            f"cannot reach SMTP server {where} (connection refused); check the host and port "
            "(--smtp-host, --smtp-port or BRIEFING_SMTP_HOST, BRIEFING_SMTP_PORT) and that the "
            "server is running"
        ) from None
    except OSError as exc:
        raise TemporaryError(
            f"cannot reach SMTP server {where} ({exc.strerror or exc}); try again later"
        ) from None
    return [f"{a} ({c})" for a, (c, _m) in refused.items()]


class _Text(HTMLParser):
    """HTML -> plain text for `briefing send FILE`: block elements become lines."""

    _SKIP = {"head", "style", "script", "title"}
    _BLOCK = {
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "li",
        "tr",
        "td",
        "blockquote",
        "table",
        "ul",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.title = ""
        self.h1 = ""
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("br", "meta", "img", "link", "hr"):
            self._stack.append(tag)
        if tag in self._BLOCK:
            self.lines.append("")
        if tag == "li":
            self.lines[-1] = "* "
        elif tag == "span":  # spans are laid out apart by CSS: keep their words apart
            self.lines[-1] += " "

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag in self._BLOCK:
            self.lines.append("")
        elif tag == "span":
            self.lines[-1] += " "

    def handle_data(self, data: str) -> None:
        if "title" in self._stack:
            self.title += data
        if "h1" in self._stack:
            self.h1 += data
        if not self._SKIP.intersection(self._stack):
            self.lines[-1] += data


def read_html(html: str) -> tuple[str | None, str]:
    """The headline (first <h1>, else <title>) and a plain-text version of an HTML briefing."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r" ([,.;:])", r"\1", " ".join(line.split())) for line in parser.lines]
    text = "\n".join(line for i, line in enumerate(lines) if line or (i and lines[i - 1]))
    headline = _one_line(parser.h1) or _one_line(parser.title) or None
    return headline, text.strip() + "\n"
