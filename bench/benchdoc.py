"""What every benchmark script shares: the machine line, a process's CPU time, and rewriting its own section of
docs/benchmarks.md (the section from its '## ' heading to the next, appended when absent)."""
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs/benchmarks.md"
PREAMBLE = ("# Benchmarks\n\nEvery figure here was produced by a script under `bench/`, which rewrites its own section. "
            "Ratios compare against a peer measured in the same run on the same machine.\n\n")


def head():
    """The commit measured: $FAASWISE_COMMIT when the caller names it (a copied tree's git may be another's), else git's HEAD."""
    if os.environ.get("FAASWISE_COMMIT"):
        return os.environ["FAASWISE_COMMIT"]
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} cores ({cpu}), Linux {platform.release()}, faaswise at {head()}"


def cpu_seconds(pid):
    """User + system time of a live process, its reaped children included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def replace_section(heading, section):
    """Puts `section` (which starts with `heading`) in place of the section that starts with `heading`."""
    text = DOC.read_text() if DOC.exists() else PREAMBLE
    start = text.find(heading)
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + (section.rstrip("\n") + "\n\n" + text[end + 1:] if end >= 0 else section)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text)
