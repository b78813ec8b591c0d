"""Output: `Briefing` / `Digest` -> Markdown, HTML, text, JSON and iCalendar strings; email; files.

Stage 4; functions return strings or send mail, and never print. Modules: `render` (templates),
`ics` (calendar), `mail` (SMTP), `archive` (dated HTML/JSON archive), `files` (atomic writes).
"""

__all__ = ["archive", "files", "ics", "mail", "render"]
