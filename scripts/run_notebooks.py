"""Executes notebooks headlessly with nbclient and writes executed .ipynb and .html copies.

    python3 scripts/run_notebooks.py --out build/notebooks [--kernel gankit] [--timeout 900] NB...

Each notebook runs in its own folder (so `%jars ../lib/*.jar` resolves) with the named kernel; a
cell error fails that notebook, the executed copy (with the error in it) is still written, and the
exit status is 1 if any notebook failed. Needs Debian's python3-nbclient and jupyter-nbconvert
(or the conda environment). Called by `./gankit notebooks` and scripts/run-notebooks.
"""
import argparse
import os
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbconvert import HTMLExporter


def write_atomically(path, text):
    folder = os.path.dirname(path)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=os.path.basename(path))
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)  # mkstemp makes the file private; outputs are for sharing
    os.replace(temp, path)


def run(path, out_dir, kernel, timeout):
    name = os.path.splitext(os.path.basename(path))[0]
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel, allow_errors=False,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    started = time.monotonic()
    error = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as e:
        error = e
    seconds = time.monotonic() - started
    write_atomically(os.path.join(out_dir, name + ".ipynb"), nbformat.writes(nb))
    html, _ = HTMLExporter().from_notebook_node(nb)
    write_atomically(os.path.join(out_dir, name + ".html"), html)
    return seconds, error


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out", default="build/notebooks")
    parser.add_argument("--kernel", default="gankit")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    failed = []
    total = 0.0
    for path in args.notebooks:
        print(f"running {path} ...", flush=True)
        seconds, error = run(path, args.out, args.kernel, args.timeout)
        total += seconds
        if error is None:
            print(f"  ok      {seconds:7.1f} s  {path}", flush=True)
        else:
            failed.append(path)
            print(f"  FAILED  {seconds:7.1f} s  {path}\n{error}", flush=True)
    print(f"{len(args.notebooks) - len(failed)}/{len(args.notebooks)} notebooks ran without errors "
          f"in {total:.1f} s; executed copies in {args.out}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
