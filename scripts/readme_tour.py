#!/usr/bin/env python3
"""Runs README.md's tour, every command as written, in a temporary clone of this repository.

Usage: scripts/readme_tour.py [GRIDOPS]   (default: .build/debug/gridops; `swift build` first)
       TOUR_VERBOSE=1 scripts/readme_tour.py   also prints what each line printed

The tour is every ```sh block from "## A five-minute tour" to the "Exit codes" paragraph.
Each command line runs with bash in the clone, in order; the run stops at the first line
whose exit status is not the expected one: 0, unless the line's comment says `# exit N`
(`gridops drift --state /tmp/st   # exit 3: drift found`). Comment lines are skipped.

What is adapted, and why (every other line runs exactly as the README has it):
- The clone: `git clone` of this repository, its checkout named `main` as in a fresh clone
  of the project, with the working tree's tracked files committed over it (so an edit of
  README.md is tested before it is committed). Git's author and committer come from the
  environment (GIT_AUTHOR_NAME and friends), since a temporary clone has no user configured.
- `/tmp/` becomes a private scratch folder: the tour's state folders and files would
  otherwise be shared with other runs and other users of the machine.
- `swift build` is skipped: the binary under test is given. `.build/debug/gridops` in the
  clone is a link to it, so the README's `export PATH=...` line finds it there as written;
  each line runs in a fresh bash, so the runner puts that folder on PATH for every line.
- Port 8080 becomes a free port: 8080 may be taken on this machine.
- Lines that never end by design run in the background:
  `gridops serve` without `--http` is stopped with SIGTERM once its first preview is
  written (the next line lists it); `gridops serve ... --http` once `/healthz` answers and
  the block's remaining lines ran. Each must then exit 0 (a graceful stop).
  `gridops status --watch` is stopped after 3 seconds and must still be running then.
"""
import os, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINE_TIMEOUT = 600


def tour_lines(readme):
    """(README line number, command) for every command line of the tour's sh blocks."""
    text = open(readme, encoding="utf-8").read().split("\n")
    start = next(i for i, l in enumerate(text) if l.startswith("## A five-minute tour"))
    end = next(i for i, l in enumerate(text) if i > start and l.startswith("Exit codes"))
    out, in_block = [], False
    for i in range(start, end):
        line = text[i]
        if line.strip() == "```sh":
            in_block = True
        elif line.strip() == "```":
            in_block = False
        elif in_block and line.strip() and not line.lstrip().startswith("#"):
            out.append((i + 1, line))
    return out


def expected_status(line):
    m = re.search(r"\s#\s*exit (\d+)\b", line)
    return int(m.group(1)) if m else 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_clone(scratch, gridops):
    clone = os.path.join(scratch, "gridops")
    run = lambda *a, cwd=clone: subprocess.run(["git", *a], cwd=cwd, check=True, capture_output=True)
    run("clone", "-q", "--no-hardlinks", ROOT, clone, cwd=scratch)
    run("checkout", "-q", "-B", "main")
    # The working tree's tracked files over it: an edit of README.md is tested uncommitted.
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout.split(b"\0")
    for f in (f.decode() for f in files if f):
        src, dst = os.path.join(ROOT, f), os.path.join(clone, f)
        if not os.path.lexists(src):
            if os.path.lexists(dst):
                os.remove(dst)
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst, follow_symlinks=False)
    run("add", "-A")
    if subprocess.run(["git", "diff", "--cached", "--quiet"], cwd=clone).returncode != 0:
        run("-c", "user.name=Tour", "-c", "user.email=tour@example.invalid", "commit", "-q", "-m", "the working tree")
    os.makedirs(os.path.join(clone, ".build", "debug"))
    os.symlink(os.path.abspath(gridops), os.path.join(clone, ".build", "debug", "gridops"))
    return clone


def wait_until(what, check, seconds=300):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise SystemExit(f"readme tour: timed out waiting for {what}")


def stop(proc, label):
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise SystemExit(f"readme tour: {label} did not stop within 60 s of SIGTERM")
    if code != 0:
        raise SystemExit(f"readme tour: {label} exited {code} after SIGTERM, expected 0 (graceful stop)")


def main():
    gridops = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/gridops")
    if not os.access(gridops, os.X_OK):
        raise SystemExit(f"readme tour: no gridops at {gridops}: run `swift build` first")
    scratch = tempfile.mkdtemp(prefix="gridops-tour-")
    background = []
    try:
        clone = make_clone(scratch, gridops)
        tmp = os.path.join(scratch, "tmp") + "/"
        os.makedirs(tmp)
        port = str(free_port())
        env = dict(os.environ, PATH=os.path.join(clone, ".build/debug") + os.pathsep + os.environ["PATH"],
                   GIT_AUTHOR_NAME="Tour", GIT_AUTHOR_EMAIL="tour@example.invalid",
                   GIT_COMMITTER_NAME="Tour", GIT_COMMITTER_EMAIL="tour@example.invalid")
        env.pop("GRIDOPS_RECORD", None)
        lines = tour_lines(os.path.join(clone, "README.md"))
        for number, line in lines:
            command = line.replace("/tmp/", tmp).replace(":8080", ":" + port)
            label = f"README.md:{number}: {line.strip()}"
            if command.strip() == "swift build":
                print(f"skip   {label}  (the binary under test is given)", flush=True)
                continue
            print(f"run    {label}", flush=True)
            if re.search(r"\bgridops serve\b", command):
                log = open(os.path.join(scratch, f"serve-{number}.log"), "w")
                proc = subprocess.Popen(["bash", "-c", command], cwd=clone, env=env, stdout=log, stderr=subprocess.STDOUT)
                background.append((proc, label, log))
                state = re.search(r"--state (\S+)", command).group(1)
                if "--http" in command:
                    def healthy():
                        try:
                            return urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).status == 200
                        except OSError:
                            return proc.poll() is not None
                    wait_until("/healthz", healthy)
                    if proc.poll() is not None:
                        raise SystemExit(f"readme tour: {label} ended early with {proc.returncode}: {open(log.name).read()[-3000:]}")
                else:
                    previews = os.path.join(state, "previews")
                    wait_until("a preview", lambda: proc.poll() is not None
                               or os.path.isdir(previews) and any(f.endswith(".md") for f in os.listdir(previews)))
                    background.pop()
                    stop(proc, label)
                continue
            if "--watch" in command:
                proc = subprocess.Popen(["bash", "-c", command], cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                time.sleep(3)
                if proc.poll() is not None:
                    raise SystemExit(f"readme tour: {label} ended with {proc.returncode}, expected it to keep watching: "
                                     + proc.stdout.read().decode()[-3000:])
                proc.terminate()
                proc.wait()
                continue
            result = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True, timeout=LINE_TIMEOUT)
            want = expected_status(line)
            if os.environ.get("TOUR_VERBOSE"):
                print(result.stdout[-2500:] + result.stderr[-2500:], flush=True)
            if result.returncode != want:
                raise SystemExit(f"readme tour: {label}\n  exited {result.returncode}, expected {want}\n"
                                 f"--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}")
        while background:
            proc, label, _ = background.pop()
            stop(proc, label)
        print(f"readme tour: all {len(lines)} lines ran as the README says", flush=True)
    finally:
        for proc, _, _ in background:
            proc.kill()
            proc.wait()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
