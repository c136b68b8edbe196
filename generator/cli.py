"""The command line `guardians`: parses arguments, prints problems; no logic of its own."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from generator.build import build, check
from generator.config import Settings
from generator.problems import ContentError, format_report
from generator.publish import VerifyError


def _settings(args: argparse.Namespace) -> Settings:
    root = Path(args.path).resolve()
    today = date.fromisoformat(args.today) if getattr(args, "today", None) else date.today()
    out = Path(args.out).resolve() if getattr(args, "out", None) else root / "site"
    return Settings(root=root, out=out, today=today, lang=args.lang, strict=args.strict)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guardians", description="社区守护者 Community Guardians: content → bilingual site")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("check", "validate the content tree and every reference"),
                       ("build", "build the site into site/ (replaced atomically)")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("path", nargs="?", default=".", help="content root holding content/ and stories/")
        cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
        cmd.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of messages")
        cmd.add_argument("--today", help="build date YYYY-MM-DD (publicity periods, consent expiry)")
        if name == "check":
            cmd.add_argument("--format", choices=("text", "json"), default="text")
        else:
            cmd.add_argument("--out", help="where the site goes (default: <path>/site)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = _settings(args)
    if args.command == "check":
        return _check(settings, args.format)
    return _build(settings)


def _check(settings: Settings, fmt: str) -> int:
    valid, problems = check(settings)
    report = format_report(problems, settings.lang, fmt)  # type: ignore[arg-type]
    if report:
        print(report)
    errors = [p for p in problems if p.level.is_error()]
    if fmt == "text":
        entries = len(valid.entries) + len(valid.refused)
        if settings.lang == "zh":
            print(f"检查了 {entries} 个条目：{len(errors)} 个错误，{len(problems) - len(errors)} 个警告", file=sys.stderr)
        else:
            print(f"checked {entries} entries: {len(errors)} errors, {len(problems) - len(errors)} warnings",
                  file=sys.stderr)
    return 1 if errors else 0


def _build(settings: Settings) -> int:
    try:
        result = build(settings)
    except ContentError as err:
        print(format_report(err.problems, settings.lang, "text"), file=sys.stderr)
        return 1
    except VerifyError as err:
        print("\n".join(err.findings), file=sys.stderr)
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
