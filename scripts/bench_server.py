"""A real `folio-server` for the sync benchmarks (bench_sync.py, bench_note_history.py)."""
import os, subprocess


def start_server(bin_folder, data_dir):
    """Starts `folio-server serve` (embedded SQLite in `data_dir`) on a free loopback port with
    one user; returns (process, URL, the user's token)."""
    binary = os.path.join(bin_folder, "folio-server")
    env = dict(os.environ, FOLIO_SERVER_LOG_LEVEL="warning")
    token = subprocess.run([binary, "user", "add", "bench", "--data-dir", data_dir], env=env, check=True,
                           capture_output=True, text=True).stdout.strip()
    process = subprocess.Popen([binary, "serve", "--port", "0", "--data-dir", data_dir], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = process.stdout.readline().decode()
    if not line.startswith("listening on "):
        raise SystemExit("bench: folio-server did not start")
    return process, line.split()[-1], token
