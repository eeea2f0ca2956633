"""The ``kasudesk`` command.

``assess`` and ``screen`` run the pure cores without starting Django, so they
stay fast in pipelines; every other subcommand sets Django up first.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

SETTINGS = "kasudesk.settings"


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from kasudesk.env import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        print(f"kasudesk: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _manage(argv: Sequence[str]) -> int:
    _django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kasudesk manage", *argv])
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _django_setup()
    from django.core.management import call_command

    from kasudesk.web.serve import serve

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return serve(host=args.host, port=args.port, workers=args.workers)


def cmd_demo(args: argparse.Namespace) -> int:
    _django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    _django_setup()
    from kasudesk.web.diagnose import diagnose

    return diagnose(deploy=args.deploy, out=sys.stdout)


def cmd_verify_audit(args: argparse.Namespace) -> int:
    _django_setup()
    from kasudesk.audit.anchors import AnchorError, append_anchor, last_anchor
    from kasudesk.audit.chain import chain_head, verify_chain

    anchor_file = Path(args.anchor) if args.anchor else None
    try:
        anchor = last_anchor(anchor_file) if anchor_file else None
    except AnchorError as exc:
        print(f"kasudesk verify-audit: {exc}", file=sys.stderr)
        return 2
    problem = verify_chain(anchor)
    if problem is not None:
        print(f"audit trail broken: {problem}", file=sys.stderr)
        return 1
    head = chain_head()
    if head is None:
        print("audit trail intact: no entries yet")
        return 0
    print(f"audit trail intact: head #{head.sequence} {head.hash}")
    if anchor_file and head != anchor:
        try:
            append_anchor(anchor_file, head)
        except OSError as exc:
            print(f"kasudesk verify-audit: cannot write {anchor_file}: {exc}", file=sys.stderr)
            return 2
        print(f"anchored #{head.sequence} in {anchor_file}")
    return 0


def cmd_assess(args: argparse.Namespace) -> int:
    from kasudesk.judgment.cli import run_assess

    return run_assess(args.file, policy=args.policy, stdin=sys.stdin, stdout=sys.stdout)


def cmd_screen(args: argparse.Namespace) -> int:
    from kasudesk.screening.cli import run_conversation, run_screen

    if not args.conversation:
        return run_screen(args.file, stdin=sys.stdin, stdout=sys.stdout, threshold=args.threshold)
    from dataclasses import asdict

    from kasudesk.judgment.errors import JudgmentError
    from kasudesk.judgment.policy import load_policy
    from kasudesk.screening import ConversationLimits

    try:
        # The judgment core turns the company policy into the screen's plain limits.
        limits = load_policy(args.policy).conversation_limits(args.channel)
    except JudgmentError as exc:
        print(f"kasudesk screen: {exc}", file=sys.stderr)
        return 2
    return run_conversation(
        args.file,
        limits=ConversationLimits(**asdict(limits)),
        stdin=sys.stdin,
        stdout=sys.stdout,
        threshold=args.threshold,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kasudesk", description="KasuDesk: prevent and handle customer harassment."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the web application with gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser("demo", help="migrate and load the demo organisation")
    demo.set_defaults(func=cmd_demo)

    check = sub.add_parser("check", help="diagnose this installation")
    check.add_argument("--deploy", action="store_true", help="also check production settings")
    check.set_defaults(func=cmd_check)

    verify = sub.add_parser("verify-audit", help="verify the hash chain of the audit trail")
    verify.add_argument(
        "--anchor",
        metavar="FILE",
        help="check the head recorded in FILE is still there, then record the current head "
        "(keep FILE where the database cannot reach it)",
    )
    verify.set_defaults(func=cmd_verify_audit)

    assess = sub.add_parser("assess", help="judge incidents (JSON or JSON Lines)")
    assess.add_argument("file", help="a file, or - for standard input")
    assess.add_argument("--policy", default=None, help="a preset name or a policy file")
    assess.set_defaults(func=cmd_assess)

    screen = sub.add_parser("screen", help="screen text for harassing language")
    screen.add_argument("file", help="a file, or - for standard input")
    screen.add_argument("--threshold", type=float, default=0.5)
    screen.add_argument(
        "--conversation",
        action="store_true",
        help="replay one call or chat: JSON Lines of {speaker, text, t}, one alert line each",
    )
    screen.add_argument("--policy", default=None, help="with --conversation: a preset or file")
    screen.add_argument(
        "--channel",
        default="phone",
        help="with --conversation: the contact's channel (phone, chat…)",
    )
    screen.set_defaults(func=cmd_screen)

    sub.add_parser("manage", help="run a Django management command", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["manage"]:
        return _manage(args_list[1:])
    parser = build_parser()
    args = parser.parse_args(args_list)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
