"""The command line `guardians`: parses arguments, prints problems; no logic of its own."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.build import build, check
from generator.config import Settings
from generator.editions import LANGS
from generator.messages import message, printable
from generator.problems import ContentError, format_report
from generator.publish.verify import VerifyError
from generator.scheduler import ExecutorError, Scheduler


def _settings(args: argparse.Namespace) -> Settings:
    root = Path(args.path).resolve()
    today = date.fromisoformat(args.today) if getattr(args, "today", None) else date.today()
    out = Path(args.out).resolve() if getattr(args, "out", None) else root / "site"
    return Settings(root=root, out=out, today=today, lang=args.lang, strict=args.strict,
                    production=getattr(args, "production", False))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guardians",
                                     description="社区守护者 Community Guardians: content → bilingual site")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("check", "validate the content tree and every reference"),
                       ("build", "build the site into site/ (replaced atomically)")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("path", nargs="?", default=".", help="content root holding content/ and stories/")
        cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
        cmd.add_argument("--lang", choices=LANGS, default=LANGS[0], help="language of messages")
        cmd.add_argument("--today", help="build date YYYY-MM-DD (publicity periods, consent expiry)")
        if name == "check":
            cmd.add_argument("--format", choices=("text", "json"), default="text")
        else:
            cmd.add_argument("--out", help="where the site goes (default: <path>/site)")
            cmd.add_argument("--production", action="store_true",
                             help="a build for the public: refused while the site identity in mkdocs.yml is "
                                  "missing or a placeholder")
            cmd.add_argument("--executor",
                             help="make photos on a Dask cluster: dask://HOST:PORT (default: local processes)")
    serve = sub.add_parser("serve", help="live preview on 127.0.0.1: rebuilds on change, shows problems in the page")
    serve.add_argument("path", nargs="?", default=".", help="content root holding content/ and stories/")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--lang", choices=LANGS, default=LANGS[0], help="language of messages")
    serve.add_argument("--out", help="where the preview site goes (default: <path>/.guardians/preview)")
    serve.add_argument("--strict", action="store_true", help="treat warnings as errors")
    new = sub.add_parser("new", help="create a new story, worker, guide, policy, nomination, committee list or "
                                      "training from flags or prompts")
    new.add_argument("kind", choices=("story", "worker", "guide", "policy", "nomination", "committees", "training"))
    new.add_argument("--root", default=".", help="content root holding content/ and stories/")
    new.add_argument("--lang", choices=LANGS, default=LANGS[0], help="language of prompts and messages")
    new.add_argument("--no-input", action="store_true", help="never prompt; fail on what is missing")
    for name in ("title", "slug", "date", "city", "district", "community", "workers", "tags", "summary", "author",
                 "unit", "status", "name", "name_en", "gender", "role", "portrait", "deeds", "theme", "audience",
                 "updated", "source", "award", "worker", "bureau", "post", "reason", "id_number", "phone",
                 "reviewer_notes", "issuer", "number", "addressees", "organiser", "hours", "participants", "guides"):
        new.add_argument("--" + name.replace("_", "-"), dest=f"field_{name}")
    new.add_argument("--photo", action="append", default=[], help="a photo to copy into the story (repeatable)")
    new.add_argument("--caption", action="append", default=[], help="the caption of each --photo, in order")
    new.add_argument("--text", help="the story's text (Markdown) from a file, or - for standard input")
    word = sub.add_parser("import-docx", help="turn a story written in Word on docs/templates/story.docx into a bundle")
    word.add_argument("file", help="the .docx file")
    word.add_argument("--root", default=".", help="content root holding content/ and stories/")
    word.add_argument("--lang", choices=LANGS, default=LANGS[0], help="language of messages")
    word.add_argument("--replace", action="store_true", help="replace the story there even if edited since imported")
    sheet = sub.add_parser("import-xlsx", help="turn a county's public health committee list kept on "
                           "docs/templates/committees.xlsx into content/committees/<county>.yml")
    sheet.add_argument("file", help="the .xlsx file")
    sheet.add_argument("--root", default=".", help="content root holding content/ and stories/")
    sheet.add_argument("--lang", choices=LANGS, default=LANGS[0], help="language of messages")
    notice = sub.add_parser("import-notice", help="turn the plain text of an official notice into a policy bundle")
    notice.add_argument("file", help="the notice as a .txt file (UTF-8 or GB18030)")
    notice.add_argument("--root", default=".", help="content root holding content/ and stories/")
    notice.add_argument("--lang", choices=LANGS, default=LANGS[0], help="language of messages")
    notice.add_argument("--replace", action="store_true", help="replace the policy there even if edited since imported")
    for name in ("slug", "title", "issuer", "number", "date", "addressees"):
        notice.add_argument("--" + name, dest=f"field_{name}", help=f"the {name}, when not recognised in the text")
    listing = sub.add_parser("notice", help="record an award's 公示 list as published, or a correction of it")
    listing.add_argument("action", choices=("record", "amend"))
    listing.add_argument("award", help="the award's file name without .yml")
    listing.add_argument("--root", default=".", help="content root holding content/ and stories/")
    listing.add_argument("--lang", choices=LANGS, default=LANGS[0], help="language of messages")
    listing.add_argument("--date", help="the day recorded or of the correction, YYYY-MM-DD (default: today)")
    listing.add_argument("--document", help="amend: the correcting document's number, e.g. 粤民函〔2026〕140号")
    listing.add_argument("--reason", help="amend: why the list is corrected")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "new":
        return _new(args)
    if args.command == "import-notice":
        from generator.tools.importnotice import run as run_notice
        from generator.tools.scaffold import Prompts

        given = {k[len("field_"):]: v for k, v in vars(args).items() if k.startswith("field_") and v is not None}
        return run_notice(Path(args.file), Path(args.root).resolve(), given, today=date.today(), lang=args.lang,
                          prompts=Prompts.terminal() if sys.stdin.isatty() else None, replace=args.replace)
    if args.command == "notice":
        from generator.tools.notice import run as run_listing

        return run_listing(args.action, Path(args.root).resolve(), args.award, today=date.today(), lang=args.lang,
                           document=args.document, reason=args.reason,
                           day=date.fromisoformat(args.date) if args.date else None)
    if args.command == "import-docx":
        from generator.tools.importdocx import run

        return run(Path(args.file), Path(args.root).resolve(), today=date.today(), lang=args.lang,
                   replace=args.replace)
    if args.command == "import-xlsx":
        from generator.tools.importxlsx import run as run_xlsx

        return run_xlsx(Path(args.file), Path(args.root).resolve(), today=date.today(), lang=args.lang)
    settings = _settings(args)
    if args.command == "check":
        return _check(settings, args.format)
    if args.command == "serve":
        return _serve(settings, args)
    return _build(settings, args.executor)


def _new(args: argparse.Namespace) -> int:
    from generator.tools.scaffold import Prompts, run

    given = {k[len("field_"):]: v for k, v in vars(args).items() if k.startswith("field_") and v is not None}
    asks = not args.no_input and args.text != "-"
    return run(args.kind, Path(args.root).resolve(), given, [Path(f) for f in args.photo], args.caption,
               today=date.today(), lang=args.lang, prompts=Prompts.of_stdin() if asks else None,
               text=Path(args.text) if args.text else None)


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from generator.serve.server import run

    if not args.out:
        settings = replace(settings, out=settings.work_dir / "preview")
    return run(settings, args.port)


def _check(settings: Settings, fmt: str) -> int:
    with Scheduler() as scheduler:
        valid, problems = check(settings, scheduler=scheduler)
    report = format_report(problems, settings.lang, fmt)  # type: ignore[arg-type]
    if report:
        print(report)
    errors = [p for p in problems if p.level.is_error()]
    if fmt == "text":
        entries = len(valid.entries) + len(valid.refused)
        if settings.lang == "zh":
            print(f"检查了 {entries} 个条目：{len(errors)} 个错误，{len(problems) - len(errors)} 个警告",
                  file=sys.stderr)
        else:
            print(f"checked {entries} entries: {len(errors)} errors, {len(problems) - len(errors)} warnings",
                  file=sys.stderr)
    return 1 if errors else 0


def _build(settings: Settings, executor: str | None = None) -> int:
    try:
        with Scheduler(executor=executor) as scheduler:
            result = build(settings, scheduler=scheduler)
    except ExecutorError as err:
        print(message(err.key, settings.lang, **err.params), file=sys.stderr)
        return 2
    except ContentError as err:
        print(format_report(err.problems, settings.lang, "text"), file=sys.stderr)
        return 1
    except VerifyError as err:
        print("\n".join(printable(finding) for finding in err.findings), file=sys.stderr)
        return 1
    report = format_report(result.problems, settings.lang, "text")
    if report:
        print(report, file=sys.stderr)
    print(result.ledger.summary(settings.lang))
    opened = settings.out / "index.html"
    print(("网站已生成：" if settings.lang == "zh" else "site written to: ") + str(opened))
    refused = [p for p in result.problems if p.level.is_error()]
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
