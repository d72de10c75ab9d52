"""N dashboard replicas behind HAProxy on one machine: `python -m deploy.cluster --replicas 2 --port 8080`
(what `make serve-cluster` runs; README.md "Serving a hall" explains it for IT staff).

Each replica is `python -m dashboard.serve` on 127.0.0.1 (only HAProxy talks to it); HAProxy (Debian's
package) listens on --bind:--port, keeps each browser on one replica with a cookie, proxies the websocket
and takes a replica out of rotation when /_stcore/health stops answering. A Streamlit session lives in
one replica's memory: when that replica dies, the browser reconnects, HAProxy sends it to another replica,
and the page is rebuilt from the URL (every view is in the URL's query string), so users see a reconnect,
not an error page. While running, a replica that exits is started again and rejoins once healthy.
Ctrl-C (or SIGTERM) stops HAProxy and every replica.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "haproxy.cfg.template"
HEALTH_PATH = "/_stcore/health"
MAX_REPLICAS = 16


class ClusterError(Exception):
    pass


def haproxy_path(install: bool = False) -> str:
    """Debian's haproxy binary; with install=True (as root) `apt-get install -y haproxy` when it is missing."""
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if found or not install:
        if not found:
            raise ClusterError("haproxy is not installed (Debian: apt-get install -y haproxy)")
        return found
    if os.geteuid() != 0:
        raise ClusterError("haproxy is not installed and this is not root: run apt-get install -y haproxy")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}

    def apt(*args: str) -> bool:
        return subprocess.run(["apt-get", *args], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0

    if not apt("install", "-y", "-qq", "haproxy"):  # the package lists may be missing or stale
        apt("update", "-qq")
        apt("install", "-y", "-qq", "haproxy")
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if not found:
        raise ClusterError("apt-get install -y haproxy failed (no package mirror reachable?)")
    return found


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
            return True
        except OSError:
            return False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(port: int, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{HEALTH_PATH}", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def render_config(*, bind: str, port: int, replica_ports: list[int], run_dir: Path,
                  check_interval: str = "2s", server_maxconn: int = 1000) -> str:
    servers = "\n".join(f"    server r{i} 127.0.0.1:{p} check cookie r{i}"
                        for i, p in enumerate(replica_ports, start=1))
    return string.Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        bind=bind, port=port, run_dir=run_dir, servers=servers, check_interval=check_interval,
        server_maxconn=server_maxconn, maxconn=server_maxconn * len(replica_ports) + 100)


class Cluster:
    """Replicas + HAProxy as child processes; logs and the generated config in run_dir."""

    def __init__(self, replicas: int = 2, port: int = 8080, bind: str = "0.0.0.0",
                 replica_ports: list[int] | None = None, run_dir: Path | None = None,
                 check_interval: str = "2s", install: bool = False):
        if not 1 <= replicas <= MAX_REPLICAS:
            raise ClusterError(f"REPLICAS must be between 1 and {MAX_REPLICAS} (got {replicas})")
        self.haproxy = haproxy_path(install)
        self.port, self.bind = port, bind
        self.replica_ports = replica_ports or [port + i for i in range(1, replicas + 1)]
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="mirai-cluster-"))
        self.check_interval = check_interval
        self.replicas: list[subprocess.Popen | None] = [None] * len(self.replica_ports)
        self.proxy: subprocess.Popen | None = None
        self._logs: list = []

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.bind in ("0.0.0.0", "::", "") else self.bind
        return f"http://{host}:{self.port}"

    def _log(self, name: str):
        f = open(self.run_dir / f"{name}.log", "ab")
        self._logs.append(f)
        return f

    def start_replica(self, i: int) -> None:
        """Start replica i (0-based) on its port; returns at once (see wait_healthy)."""
        log = self._log(f"replica-r{i + 1}")
        env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
        self.replicas[i] = subprocess.Popen(
            [sys.executable, "-m", "dashboard.serve", "--server.port", str(self.replica_ports[i]),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)

    def kill_replica(self, i: int) -> None:
        """SIGKILL replica i, as a crash would (its sessions are lost; their browsers reconnect)."""
        proc = self.replicas[i]
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def wait_healthy(self, indices: list[int] | None = None, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        for i in indices if indices is not None else range(len(self.replicas)):
            while not healthy(self.replica_ports[i]):
                proc = self.replicas[i]
                if proc is None or proc.poll() is not None:
                    raise ClusterError(f"replica r{i + 1} exited; see {self.run_dir}/replica-r{i + 1}.log")
                if time.monotonic() > deadline:
                    raise ClusterError(f"replica r{i + 1} not healthy within {timeout:.0f} s")
                time.sleep(0.3)

    def start(self, timeout: float = 90) -> "Cluster":
        busy = [p for p in [self.port, *self.replica_ports] if not port_is_free(p)]
        if busy:
            raise ClusterError(f"port(s) already in use: {', '.join(map(str, busy))}")
        cfg = self.run_dir / "haproxy.cfg"
        cfg.write_text(render_config(bind=self.bind, port=self.port, replica_ports=self.replica_ports,
                                     run_dir=self.run_dir, check_interval=self.check_interval))
        check = subprocess.run([self.haproxy, "-c", "-q", "-f", str(cfg)], capture_output=True, text=True)
        if check.returncode != 0:
            raise ClusterError(f"haproxy rejected {cfg}:\n{check.stdout}{check.stderr}")
        try:
            for i in range(len(self.replicas)):
                self.start_replica(i)
            self.wait_healthy(timeout=timeout)
            self.proxy = subprocess.Popen([self.haproxy, "-db", "-f", str(cfg)], stdout=self._log("haproxy"),
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          start_new_session=True)
            deadline = time.monotonic() + 15
            while not healthy(self.port):
                if self.proxy.poll() is not None or time.monotonic() > deadline:
                    raise ClusterError(f"haproxy did not come up; see {self.run_dir}/haproxy.log")
                time.sleep(0.2)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for proc in [self.proxy, *self.replicas]:
            if proc is not None and proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for proc in [self.proxy, *self.replicas]:
            if proc is None:
                continue
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        for f in self._logs:
            f.close()
        self._logs.clear()

    def server_states(self) -> dict[str, str]:
        """HAProxy's view of each replica ('r1' -> 'UP', 'DOWN', 'MAINT' …) from its stats socket."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(str(self.run_dir / "haproxy.sock"))
            s.sendall(b"show stat\n")
            raw = b""
            while chunk := s.recv(65536):
                raw += chunk
        lines = raw.decode().splitlines()
        header = lines[0].lstrip("# ").split(",")
        states = {}
        for line in lines[1:]:
            row = dict(zip(header, line.split(",")))
            if row.get("pxname") == "replicas" and row.get("svname", "").startswith("r"):
                states[row["svname"]] = row.get("status", "")
        return states

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def supervise(cluster: Cluster) -> None:
    """Restart a replica that exited (it rejoins when HAProxy's health check sees it), until interrupted."""
    while True:
        time.sleep(2)
        if cluster.proxy is not None and cluster.proxy.poll() is not None:
            raise ClusterError(f"haproxy exited; see {cluster.run_dir}/haproxy.log")
        for i, proc in enumerate(cluster.replicas):
            if proc is None or proc.poll() is not None:
                print(f"replica r{i + 1} (port {cluster.replica_ports[i]}) exited; starting it again", flush=True)
                cluster.start_replica(i)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m deploy.cluster", description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--port", type=int, default=8080, help="where HAProxy listens")
    ap.add_argument("--bind", default="0.0.0.0", help="HAProxy's address (0.0.0.0: every interface)")
    ap.add_argument("--first-replica-port", type=int, default=None,
                    help="replicas listen on consecutive ports from here (default PORT+1)")
    ap.add_argument("--install", action="store_true", help="apt-get install haproxy if it is missing")
    args = ap.parse_args(argv)

    def on_term(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        first = args.first_replica_port or args.port + 1
        cluster = Cluster(args.replicas, args.port, args.bind,
                          replica_ports=[first + i for i in range(args.replicas)], install=args.install)
        print(f"starting {args.replicas} replica(s) on 127.0.0.1:{','.join(map(str, cluster.replica_ports))} "
              f"and HAProxy on {args.bind}:{args.port}; logs and config in {cluster.run_dir}", flush=True)
        cluster.start()
    except ClusterError as e:
        print(f"serve-cluster: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(f"ready: {cluster.url}  (replicas {cluster.server_states()}); Ctrl-C stops everything", flush=True)
    try:
        supervise(cluster)
    except KeyboardInterrupt:
        print("stopping HAProxy and the replicas", flush=True)
    except ClusterError as e:
        print(f"serve-cluster: {e}", file=sys.stderr)
        return 1
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
