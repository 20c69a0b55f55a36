"""The `sendkg` command: a thin Typer layer over the library.

Each module in sendkg.cli.commands registers its commands with `register(app)`. Library
errors become one red line on stderr and exit code 2 (`--debug` shows the traceback).
"""

from __future__ import annotations

import atexit
import importlib
import os
import pkgutil
import sys
import traceback

import typer
from rich.markup import escape

try:  # recent typer ships its own copy of click and does not install click itself
    from typer._click import exceptions as _click_exceptions
except ImportError:  # pragma: no cover - older typer uses click
    from click import exceptions as _click_exceptions

from sendkg.cli import output
from sendkg.cli.output import err_console
from sendkg.errors import DatasetError, EntityNotFound, SendkgError, os_error_text


def _flags_show_no_type() -> None:
    """`--help` tables show no '<bool>' beside a flag (--json, --all, --help): a flag
    takes no value. Typer has no setting for this; its option class is adjusted once,
    and left alone when a Typer release no longer has the method."""
    option = getattr(getattr(typer, "core", None), "TyperOption", None)
    shown = getattr(option, "display_type_rich", None)
    if shown is None or getattr(shown, "sendkg_flags", False):
        return

    def display_type_rich(self, ctx):
        return None if getattr(self, "is_flag", False) else shown(self, ctx)

    display_type_rich.sendkg_flags = True
    option.display_type_rich = display_type_rich


_flags_show_no_type()

app = typer.Typer(
    name="sendkg",
    help="Knowledge graph of SEND and children's services plans: who owns what, "
         "who reports where, which legislation drives it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_commands() -> None:
    if app.registered_commands:  # once per process: tests call run() many times
        return
    import sendkg.cli.commands as package

    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        importlib.import_module(f"{package.__name__}.{module.name}").register(app)


def _report(error: SendkgError) -> int:
    if isinstance(error, EntityNotFound):
        err_console.print(f"no match: {escape(str(error))}")
        return 0
    problems = error.problems if isinstance(error, DatasetError) else [error]
    for problem in problems[:20]:
        err_console.print(f"[red]error:[/red] {escape(str(problem))}", highlight=False,
                          soft_wrap=True)
    if len(problems) > 20:
        err_console.print(f"[red]error:[/red] … and {len(problems) - 20} more problems")
    return 2


def run(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if argv is None:  # the console script: this process ends with the command
        output.KEPT_UNTIL_EXIT = []
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    _register_commands()
    try:
        result = app(args=args, standalone_mode=False, prog_name="sendkg")
        code = result if isinstance(result, int) else 0
    except SendkgError as error:
        if debug and not isinstance(error, EntityNotFound):  # "no match" is an answer
            traceback.print_exc()
        code = _report(error)
    except OSError as error:  # a file or folder the system refused: one line, like ours
        if debug:
            traceback.print_exc()
        err_console.print(f"[red]error:[/red] {escape(os_error_text(error))}",
                          highlight=False, soft_wrap=True)
        code = 2
    except UnicodeDecodeError as error:  # a query or config file not in UTF-8
        if debug:
            traceback.print_exc()
        err_console.print(f"[red]error:[/red] a file is not UTF-8 text ({error.reason} at "
                          f"byte {error.start}); save it as UTF-8", highlight=False,
                          soft_wrap=True)
        code = 2
    except typer.Exit as done:
        code = done.exit_code
    except _click_exceptions.ClickException as error:
        error.show()
        code = 2
    except typer.Abort:
        err_console.print("aborted")
        code = 130
    if argv is None:
        if sys.getprofile() is None and sys.gettrace() is None:
            _exit(code)  # a profiler or debugger writes its report when Python ends
        sys.exit(code)
    return code


def _exit(code: int) -> None:
    """End the console script as sys.exit would, minus freeing every object one by one:
    the exit handlers run and the output is flushed, then the process ends. A graph of
    150 councils is about two million objects; freeing them took 0.2-0.35 s."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`) or stream: nothing to add
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
