"""Executes notebooks headlessly with nbclient and writes executed .ipynb and .html copies.

    python3 scripts/run_notebooks.py --out build/notebooks [--kernel gankit] [--timeout 900]
                                     [--solutions] [--pictures notebooks/pictures] NB...

Each notebook runs in its own folder (so `%jars ../lib/*.jar` resolves) with the named kernel; a
cell error fails that notebook, the executed copy (with the error in it) is still written, and the
exit status is 1 if any notebook failed. Needs Debian's python3-nbclient and jupyter-nbconvert
(or the conda environment). Called by `./gankit notebooks` and scripts/run-notebooks.

--solutions fills in the exercises: every gap cell (metadata "gankit": {"exercise": ID}) gets the
code of its block in solutions/NAME.jsh beside the notebook, and the kernel runs with
GANKIT_SOLUTIONS=1, so a check that is not correct throws and fails the notebook. Just before each
filled-in gap, the students' own gap cell and its check run unseen with solutions mode off, and the
check must say "not yet": the students' copies are tested in the same run. An exercise without a
solution, or a solution without an exercise, fails the notebook.

--pictures DIR writes each notebook's key picture (the PNG output chosen by the cell whose metadata
is "gankit": {"picture": K}) to DIR/NAME.png; a notebook without one fails.
"""
import argparse
import base64
import copy
import os
import re
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbconvert import HTMLExporter


def write_atomically(path, content):
    """Writes text or bytes to a temporary file beside path, then renames it over path."""
    folder = os.path.dirname(path)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=os.path.basename(path))
    if isinstance(content, bytes):
        with os.fdopen(fd, "wb") as out:
            out.write(content)
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(content)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)  # mkstemp makes the file private; outputs are for sharing
    os.replace(temp, path)


SOLUTIONS_ENV = "GANKIT_SOLUTIONS"
MARKER = re.compile(r"^//// exercise (\S+)\s*$")
# Java for the kit's kernel: switches the checks between the students' mode and solutions mode.
MODE = 'System.setProperty("' + SOLUTIONS_ENV + '", "{}");'


class ExerciseError(Exception):
    """An exercise whose solution is missing or whose students' copy misbehaves."""


def read_solutions(path):
    """Exercise id -> code of its gap cell: the lines after each `//// exercise ID` line."""
    solutions = {}
    current = None
    body = []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for line in text.splitlines() + ["//// exercise <end>"]:
        match = MARKER.match(line)
        if match is None:
            body.append(line)
            continue
        if current is not None:
            solutions[current] = "\n".join(body).strip("\n")
        current, body = match.group(1), []
        if current in solutions:
            raise ExerciseError(f"{path}: exercise {current} twice")
    return solutions


def exercise_cells(nb, key):
    """Cell index -> exercise id, for the cells whose gankit metadata has `key`."""
    return {i: c.metadata["gankit"][key] for i, c in enumerate(nb.cells)
            if key in c.get("metadata", {}).get("gankit", {})}


def fill_in(path, nb):
    """Puts the solutions into the gap cells; returns gap index -> (students' gap, check, id)."""
    gaps = exercise_cells(nb, "exercise")
    if not gaps:
        return {}
    name = os.path.splitext(os.path.basename(path))[0]
    file = os.path.join(os.path.dirname(path), "solutions", name + ".jsh")
    if not os.path.isfile(file):
        raise ExerciseError(f"no solutions for {sorted(gaps.values())}: {file} is missing")
    solutions = read_solutions(file)
    missing = sorted(set(gaps.values()) - set(solutions))
    extra = sorted(set(solutions) - set(gaps.values()))
    if missing or extra:
        raise ExerciseError(f"{file}: no solution for {missing}, no exercise for {extra}")
    checks = exercise_cells(nb, "check")
    students = {}
    for index, id in gaps.items():
        if checks.get(index + 1) != id:
            raise ExerciseError(f"exercise {id}: the cell after its gap must be its check")
        students[index] = (copy.deepcopy(nb.cells[index]), copy.deepcopy(nb.cells[index + 1]), id)
        nb.cells[index].source = solutions[id]
    return students


class ExerciseClient(NotebookClient):
    """Runs the students' copy of each exercise, unseen, before its filled-in gap."""

    def __init__(self, nb, students, **kwargs):
        super().__init__(nb, **kwargs)
        self.students = students

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell_index in self.students:
            await self.run_students_copy(cell_index, *self.students[cell_index])
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

    async def run_students_copy(self, index, gap, check, id):
        executed = self.code_cells_executed
        run = super().async_execute_cell
        await run(nbformat.v4.new_code_cell(MODE.format("0")), index, store_history=False)
        try:
            await run(gap, index, store_history=False)
            await run(check, index, store_history=False)
        except CellExecutionError as e:
            raise ExerciseError(f"exercise {id}: the students' copy fails:\n{e}") from e
        finally:
            await run(nbformat.v4.new_code_cell(MODE.format("1")), index, store_history=False)
            self.code_cells_executed = executed
        said = "".join(o.get("text", "") for o in check.outputs if o.output_type == "stream")
        if not said.startswith("not yet: "):
            raise ExerciseError(f"exercise {id}: with the students' empty gap the check said "
                                f"{said.strip()!r}; expected 'not yet: ...'")


def key_picture(nb):
    """The PNG a notebook is remembered by: output K of the cell marked {"gankit": {"picture": K}}
    (among that cell's PNG outputs; -1 is the last), or None when no cell is marked or it drew none."""
    for cell in nb.cells:
        k = cell.get("metadata", {}).get("gankit", {}).get("picture")
        if k is None:
            continue
        pngs = [o["data"]["image/png"] for o in cell.get("outputs", [])
                if "image/png" in o.get("data", {})]
        try:
            return base64.b64decode(pngs[k])
        except IndexError:
            return None
    return None


def run(path, out_dir, kernel, timeout, solutions):
    name = os.path.splitext(os.path.basename(path))[0]
    nb = nbformat.read(path, as_version=4)
    started = time.monotonic()
    error = None
    students = {}
    # The kernel inherits this process's environment when it starts.
    if solutions:
        os.environ[SOLUTIONS_ENV] = "1"
    else:
        os.environ.pop(SOLUTIONS_ENV, None)
    try:
        if solutions:
            students = fill_in(path, nb)
        client = ExerciseClient(nb, students, timeout=timeout, kernel_name=kernel,
                                allow_errors=False,
                                resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        client.execute()
    except (CellExecutionError, CellTimeoutError, ExerciseError) as e:
        error = e
    seconds = time.monotonic() - started
    write_atomically(os.path.join(out_dir, name + ".ipynb"), nbformat.writes(nb))
    html, _ = HTMLExporter().from_notebook_node(nb)
    write_atomically(os.path.join(out_dir, name + ".html"), html)
    return seconds, error, len(students), nb


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--out", default="build/notebooks")
    parser.add_argument("--kernel", default="gankit")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    parser.add_argument("--solutions", action="store_true",
                        help="fill in the exercises from solutions/NAME.jsh beside each notebook")
    parser.add_argument("--pictures", metavar="DIR",
                        help="write each notebook's key picture (its cell marked gankit.picture) "
                             "to DIR/NAME.png")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    failed = []
    total = 0.0
    for path in args.notebooks:
        print(f"running {path} ...", flush=True)
        seconds, error, exercises, nb = run(path, args.out, args.kernel, args.timeout,
                                            args.solutions)
        total += seconds
        if args.pictures and error is None:
            picture = key_picture(nb)
            if picture is None:
                error = f"no key picture: mark one cell's metadata with {{\"gankit\": {{\"picture\": -1}}}}"
            else:
                name = os.path.splitext(os.path.basename(path))[0]
                os.makedirs(args.pictures, exist_ok=True)
                write_atomically(os.path.join(args.pictures, name + ".png"), picture)
        if error is None:
            plural = "s" if exercises != 1 else ""
            solved = (f"  ({exercises} exercise{plural} solved; the students' copies say 'not yet')"
                      if exercises else "")
            print(f"  ok      {seconds:7.1f} s  {path}{solved}", flush=True)
        else:
            failed.append(path)
            print(f"  FAILED  {seconds:7.1f} s  {path}\n{error}", flush=True)
    print(f"{len(args.notebooks) - len(failed)}/{len(args.notebooks)} notebooks ran without errors "
          f"in {total:.1f} s; executed copies in {args.out}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
