"""Running the benchmarked processes (bench_sync.py, bench_edit_history.py)."""
import os, subprocess, time


def run_measured(arguments, env):
    """Runs a process; returns (wall seconds, peak RSS in MiB, stdout). The peak is the child's
    ru_maxrss from wait4, the figure `/usr/bin/time -v` reports as its maximum resident set size."""
    started = time.perf_counter()
    process = subprocess.Popen(arguments, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # communicate() reaps the child with waitpid; read first, then wait4 for its rusage.
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(arguments)} failed ({process.returncode}): {err.decode().strip()}")
    return wall, usage.ru_maxrss / 1024, out.decode()


def home_env(home):
    """The environment of a `folio` process using the library in `home`."""
    env = dict(os.environ)
    env["FOLIO_HOME"] = home
    env.pop("NO_COLOR", None)
    return env
