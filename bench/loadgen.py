"""A load generator for the running dashboard: `python -m bench.loadgen --sessions 50 --seconds 60 --url URL`
(what `make loadtest` runs).

Each simulated visitor does what a browser does, through Streamlit 1.67's own websocket protocol:
it fetches the page (HTTP GET, which also picks up a load balancer's affinity cookie), opens
/_stcore/stream with the "streamlit" subprotocol and sends a BackMsg rerun_script carrying the link's
query string and page name, then reads ForwardMsgs until script_finished. That is one "page run", timed
from the request to script_finished. Then it moves to another page in the same session (rerun_script with
that page's script hash, the URL keeping its query string and the hashes of the large elements the tab has
cached, as the frontend does) and, after a few pages,
closes and opens a new link with other filters. Filter values come from the snapshot's vocabulary and
pages from dashboard/page_registry.py, so every link is one a user could share.

Errors: an exception element on the page (Delta new_element.exception), a page_not_found message, a
script that fails to compile, a websocket closed mid-page (a disconnect: the visitor reconnects and reruns
the same link, as the frontend does, so its view comes back from the URL), a page that does not finish
within --page-timeout, or a connection that cannot be made.

Safety: only loopback URLs are accepted (this is for testing one's own server, never someone else's),
sessions are at most 1000 and the duration at most 600 s; after the duration no new page is started and
page runs still in flight get at most --page-timeout to finish.

Server memory: the process listening on the URL's port (or on --rss-ports, e.g. the replicas behind a load
balancer) plus its children, sampled before, during (peak) and --after seconds after the run.
"""
from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report import p50, p95  # noqa: E402

MAX_SESSIONS = 1000
MAX_SECONDS = 600
MAX_AFTER_SECONDS = 600
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
PAGES_PER_SESSION = 3  # pages visited in one websocket session before the visitor opens a new link
RSS_SAMPLE_S = 0.5
# A phone's browser (dashboard/phone.py draws charts for touch when the user agent says "Mobi"): a hall is phones.
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36")


class LoadgenError(Exception):
    """A usage error: the message says what is wrong and what is accepted."""


# --- arguments ------------------------------------------------------------------------------------

def check_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http URL on this machine; LoadgenError for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise LoadgenError(f"URL must start with http:// (got {url!r})")
    host = (parts.hostname or "").lower()
    if host not in LOOPBACK_NAMES:
        raise LoadgenError(f"refusing to load {host or url!r}: the load generator only targets this machine "
                           f"(host must be one of {', '.join(LOOPBACK_NAMES)})")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as e:
        raise LoadgenError(f"bad port in {url!r}: {e}") from None
    return parts.scheme, host, port


def check_bounds(sessions: int, seconds: float, after: float) -> None:
    if not 1 <= sessions <= MAX_SESSIONS:
        raise LoadgenError(f"SESSIONS must be between 1 and {MAX_SESSIONS} (got {sessions})")
    if not 1 <= seconds <= MAX_SECONDS:
        raise LoadgenError(f"SECONDS must be between 1 and {MAX_SECONDS} (got {seconds})")
    if not 0 <= after <= MAX_AFTER_SECONDS:
        raise LoadgenError(f"--after must be between 0 and {MAX_AFTER_SECONDS} (got {after})")


# --- links ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Vocab:
    techs: tuple[str, ...] = ()
    fys: tuple[int, ...] = ()
    prefs: tuple[int, ...] = ()


def load_vocab() -> tuple[Vocab, str]:
    """The filter values the snapshot knows (the same questions the sidebar asks); empty if it cannot be read."""
    try:
        from dashboard.query import Database
        from dashboard.snapshot import open_snapshot

        db = Database(open_snapshot())
        return Vocab(techs=tuple(db.run("technology_options")["technology"]),
                     fys=tuple(int(y) for y in db.run("selection_year_options")["fiscal_year"]),
                     prefs=tuple(int(p) for p in db.run("prefecture_options")["pref_code"])), ""
    except Exception as e:  # the load test still runs, on unfiltered links
        return Vocab(), f"snapshot vocabulary unavailable ({type(e).__name__}: {e}); links carry no filters"


def page_names() -> list[str]:
    """Page names as the frontend sends them on a first load: the url_path, '' for the default page."""
    from dashboard.page_registry import OVERVIEW, PAGES

    return ["" if p is OVERVIEW else p.url_path for p in PAGES]


def random_query(vocab: Vocab, rng: random.Random) -> str:
    """A query string with 0-2 technologies, 0-1 fiscal year, 0-2 prefectures and a status choice."""
    params: list[tuple[str, str]] = []
    for name, values, most in (("tech", vocab.techs, 2), ("fy", vocab.fys, 1), ("pref", vocab.prefs, 2)):
        if values and rng.random() < 0.5:
            for v in rng.sample(list(values), min(len(values), rng.randint(1, most))):
                params.append((name, f"{v:02d}" if name == "pref" else str(v)))
    status = rng.choice([None, None, "ended", "all"])
    if status:
        params.append(("status", status))
    return urlencode(params)


# --- one visitor --------------------------------------------------------------------------------

@dataclass
class Stats:
    page_ms: list[float] = field(default_factory=list)
    exceptions: Counter = field(default_factory=Counter)  # page -> exception elements
    first_exception: dict[str, str] = field(default_factory=dict)
    disconnects: int = 0
    reconnects_ok: int = 0
    timeouts: int = 0
    connect_failures: int = 0
    not_found: int = 0
    compile_errors: int = 0
    ws_sessions: int = 0
    first_failure: str = ""
    visitors_connected: set = field(default_factory=set)

    @property
    def errors(self) -> int:
        return (sum(self.exceptions.values()) + self.disconnects + self.timeouts + self.connect_failures
                + self.not_found + self.compile_errors)


class PageError(Exception):
    pass


class Disconnected(PageError):
    pass


class PageTimeout(PageError):
    pass


async def http_get(host: str, port: int, path: str, cookie: str, timeout: float) -> tuple[int, str]:
    """(status, affinity cookie) of a plain HTTP/1.1 GET; the cookie is the one a load balancer set, if any."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        head = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/html\r\n"
                + (f"Cookie: {cookie}\r\n" if cookie else "") + "Connection: close\r\n\r\n")
        writer.write(head.encode("latin-1"))
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    lines = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "set-cookie":
            cookie = value.strip().split(";", 1)[0]
    return status, cookie


class Session:
    """One browser tab's websocket session: connect, run pages, reconnect after a disconnect."""

    def __init__(self, url: str, page_timeout: float, user_agent: str = ""):
        self.user_agent = user_agent  # sent on the websocket request, where st.context.headers reads it
        self.scheme, self.host, self.port = check_url(url)
        self.base = url.rstrip("/")
        self.page_timeout = page_timeout
        self.cookie = ""
        self.ws = None
        self.page_hashes: dict[str, str] = {}  # url_pathname ('' for the default page) -> page_script_hash
        self.exception_messages: list[str] = []
        self.selections: dict[str, list[str]] = {}  # of the last page run: widget key -> chosen values
        self.received_messages = 0  # ForwardMsgs and their bytes, for bench.page_cpu's "what a run sends"
        # The browser's message cache: hashes of the cacheable messages (large elements: the map, charts, tables)
        # this tab holds. A rerun lists them, and the server sends a reference instead of the element again.
        self.cached_hashes: set[str] = set()
        self.received_bytes = 0

    async def open(self, page_name: str, query: str) -> None:
        """What a browser does for a link: GET the page (keeps the affinity cookie), open the stream."""
        from websockets.asyncio.client import connect

        path = "/" + page_name + (f"?{query}" if query else "")
        status, self.cookie = await http_get(self.host, self.port, path, self.cookie, self.page_timeout)
        if status != 200:
            raise PageError(f"GET {path} answered HTTP {status}")
        ws_url = f"{'wss' if self.scheme == 'https' else 'ws'}://{self.base.split('://', 1)[1]}/_stcore/stream"
        self.ws = await connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=self.page_timeout,
                                additional_headers={**({"Cookie": self.cookie} if self.cookie else {}),
                                                    **({"User-Agent": self.user_agent} if self.user_agent else {})}
                                or None,
                                proxy=None, ping_interval=None)
        # Compression is negotiated as a browser does (permessage-deflate). No websocket pings: a browser sends
        # none, and a saturated server answering late would otherwise count as a disconnect made by this client.

    def _note_selection(self, widget) -> None:
        """What a sidebar multiselect shows, by its widget key (f_tech …): how a test sees the view came back."""
        chosen = list(widget.raw_values) if widget.set_value else [widget.options[i] for i in widget.default]
        self.selections[widget.id.rsplit("-", 1)[-1]] = chosen

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 5)
            except Exception:
                pass
            self.ws = None

    async def run_page(self, page_name: str, query: str) -> int:
        """Rerun the script for page_name with query; the number of exception elements once script_finished."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        from websockets.exceptions import ConnectionClosed

        msg = BackMsg()
        msg.rerun_script.query_string = query
        page_hash = self.page_hashes.get(page_name)
        if page_hash:  # navigation inside a session, as the frontend does it
            msg.rerun_script.page_script_hash = page_hash
        else:  # a first load names the page by its path
            msg.rerun_script.page_name = page_name
        msg.rerun_script.context_info.timezone = "Asia/Tokyo"
        msg.rerun_script.context_info.locale = "ja-JP"
        msg.rerun_script.context_info.url = f"{self.base}/{page_name}" + (f"?{query}" if query else "")
        msg.rerun_script.cached_message_hashes.extend(sorted(self.cached_hashes))
        self.selections = {}
        try:
            # One deadline for the whole page, not a wait_for (a task of its own) per message: the load generator
            # shares the cores with the servers it measures.
            async with asyncio.timeout(self.page_timeout):
                await self.ws.send(msg.SerializeToString())
                return await self._until_finished(page_name, ForwardMsg)
        except TimeoutError:
            raise PageTimeout(f"/{page_name}?{query} did not finish within {self.page_timeout:.0f} s") from None
        except ConnectionClosed as e:
            raise Disconnected(f"websocket closed during /{page_name} ({e})") from None

    async def _until_finished(self, page_name: str, ForwardMsg) -> int:  # noqa: N803 (the protobuf class)
        """Read the page's messages up to its script_finished; the number of exception elements."""
        exceptions = 0
        while True:
            data = await self.ws.recv()
            self.received_messages += 1
            self.received_bytes += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if fwd.metadata.cacheable and fwd.hash:
                self.cached_hashes.add(fwd.hash)
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
                    and fwd.delta.new_element.WhichOneof("type") == "exception":
                exceptions += 1
                exc = fwd.delta.new_element.exception
                self.exception_messages.append(f"{exc.type}: {exc.message}"[:300])
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
                    and fwd.delta.new_element.WhichOneof("type") == "multiselect":
                self._note_selection(fwd.delta.new_element.multiselect)
            elif kind == "navigation":
                for p in fwd.navigation.app_pages:
                    self.page_hashes["" if p.is_default else p.url_pathname] = p.page_script_hash
            elif kind == "page_not_found":
                raise PageError(f"page not found: /{page_name}")
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise PageError(f"script compile error on /{page_name}")
                if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return exceptions
                # FINISHED_EARLY_FOR_RERUN (st.rerun): the rerun follows on the same stream.


async def visitor(i: int, url: str, pages: list[str], vocab: Vocab, stop_at: float, page_timeout: float,
                  think_s: float, stats: Stats, rng: random.Random, hall: bool = False, arrive_s: float = 0) -> None:
    """Open links until stop_at: each link is a new session that visits PAGES_PER_SESSION pages. `hall`: every link
    is the one the presenter shows (no filters), as when a hall opens the QR code; else random filters.
    `arrive_s`: the visitor's first link is opened at a uniformly random moment in that many seconds (people in a
    hall scan the QR code over a minute, not in the same second); 0: within min(2, 2 x think) s."""
    await asyncio.sleep(rng.uniform(0, arrive_s or min(2.0, think_s * 2)))  # not all in the same millisecond
    while time.monotonic() < stop_at:
        query = "" if hall else random_query(vocab, rng)
        session = Session(url, page_timeout, user_agent=PHONE_UA if hall else "")
        try:
            for step in range(PAGES_PER_SESSION):
                if time.monotonic() >= stop_at:
                    break
                page = rng.choice(pages)
                t0 = time.perf_counter()
                try:
                    if session.ws is None:
                        await session.open(page, query)
                        stats.ws_sessions += 1
                        stats.visitors_connected.add(i)
                    n_exc = await session.run_page(page, query)
                except Disconnected:
                    # The frontend reconnects and reruns the same URL: the view comes back from the query string.
                    stats.disconnects += 1
                    await session.close()
                    await session.open(page, query)
                    stats.ws_sessions += 1
                    n_exc = await session.run_page(page, query)
                    stats.reconnects_ok += 1
                stats.page_ms.append((time.perf_counter() - t0) * 1000)
                if n_exc:
                    label = "/" + page
                    stats.exceptions[label] += n_exc
                    stats.first_exception.setdefault(label, f"?{query}: {session.exception_messages[-1]}")
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think_s)
        except PageTimeout:
            stats.timeouts += 1
        except Disconnected:
            stats.disconnects += 1
        except PageError as e:
            if "page not found" in str(e):
                stats.not_found += 1
            elif "compile" in str(e):
                stats.compile_errors += 1
            else:
                stats.connect_failures += 1
                stats.first_failure = stats.first_failure or str(e)[:300]
            await asyncio.sleep(1)
        except Exception as e:  # refused, reset, handshake failed, a malformed message
            stats.connect_failures += 1
            stats.first_failure = stats.first_failure or f"{type(e).__name__}: {e}"[:300]
            await asyncio.sleep(1)
        finally:
            await session.close()


# --- server memory ------------------------------------------------------------------------------

def server_processes(ports: list[int]) -> list:
    """The processes listening on `ports`, with their children (a replica's subprocesses count too)."""
    import psutil

    found: dict[int, psutil.Process] = {}
    try:
        conns = psutil.net_connections(kind="tcp")
    except (psutil.AccessDenied, OSError):
        conns = []
    for c in conns:
        if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port in ports and c.pid:
            try:
                proc = psutil.Process(c.pid)
                for p in [proc, *proc.children(recursive=True)]:
                    found[p.pid] = p
            except psutil.Error:
                pass
    return list(found.values())


def rss_mb(ports: list[int], processes: list | None = None) -> tuple[float, list[str]]:
    """Summed RSS in MB of the listening processes and their children (or of `processes`, found before), and their
    names; nan if none."""
    import psutil

    total, names = 0, []
    for p in server_processes(ports) if processes is None else processes:
        try:
            total += p.memory_info().rss
            names.append(p.name())
        except psutil.Error:
            pass
    return (total / 2**20 if names else math.nan), names


class PeakSampler:
    """RSS of the server's processes, found by port at most every REFIND_S seconds, or at once when one has ended.

    Finding them reads every process's open files and the kernel's TCP table: with 200 visitors connected that
    was 27% of the load generator's own CPU at two samples a second, on the cores the servers being measured use."""

    REFIND_S = 10.0

    def __init__(self, ports: list[int], clock=time.monotonic):
        self.ports, self.clock = ports, clock
        self.processes: list = []
        self.found_at = -math.inf

    def __call__(self) -> float:
        stale = self.clock() - self.found_at >= self.REFIND_S
        if stale or not self.processes or not all(p.is_running() for p in self.processes):
            self.processes, self.found_at = server_processes(self.ports), self.clock()
        return rss_mb(self.ports, self.processes)[0]


async def sample_peak(ports: list[int], done: asyncio.Event, peak: list[float]) -> None:
    sample = PeakSampler(ports)
    while not done.is_set():
        value = await asyncio.to_thread(sample)
        if not math.isnan(value):
            peak[0] = max(peak[0], value)
        try:
            await asyncio.wait_for(done.wait(), RSS_SAMPLE_S)
        except asyncio.TimeoutError:
            pass


# --- the run --------------------------------------------------------------------------------------

def fmt_mb(v: float) -> str:
    return "n/a (no process found)" if math.isnan(v) else f"{v:,.0f} MB"


async def run(url: str, sessions: int, seconds: float, after: float, page_timeout: float, think_s: float,
              rss_ports: list[int], seed: int | None, out=print, hall: bool = False, arrive_s: float = 0) -> Stats:
    check_url(url)
    check_bounds(sessions, seconds, after)
    vocab, note = load_vocab()
    pages = page_names()
    out(f"loadtest {url}: {sessions} sessions for {seconds:g} s, pages {', '.join('/' + p for p in pages)}; "
        f"think time ~{think_s:g} s, "
        + (f"arrivals spread over {arrive_s:g} s, " if arrive_s else "")
        + f"page timeout {page_timeout:g} s; "
        + ("phones, links without filters (--hall: everyone opens the presenter's link)" if hall
           else "each link with random filters"))
    if note:
        out(f"note: {note}")
    before, names = rss_mb(rss_ports)
    who = f"{len(names)} process(es) on port {','.join(map(str, rss_ports))}: {', '.join(sorted(set(names)))}" \
        if names else f"no process found listening on port {','.join(map(str, rss_ports))}"
    out(f"server: {who}")
    if names and set(names) <= {"haproxy"}:
        out("note: that is the load balancer; pass --rss-ports (make loadtest RSS_PORTS=...) for the replicas")

    stats = Stats()
    rng = random.Random(seed)
    peak = [before if not math.isnan(before) else 0.0]
    done = asyncio.Event()
    sampler = asyncio.create_task(sample_peak(rss_ports, done, peak))
    started, cpu0 = time.monotonic(), time.process_time()
    stop_at = started + seconds
    tasks = [asyncio.create_task(visitor(i, url, pages, vocab, stop_at, page_timeout, think_s, stats,
                                         random.Random(rng.random()), hall, arrive_s))
             for i in range(sessions)]
    # Bounded: visitors start nothing after stop_at; a page in flight gets page_timeout (+ a reconnect).
    _, pending = await asyncio.wait(tasks, timeout=seconds + 2 * page_timeout + 10)
    for t in pending:
        t.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
        stats.timeouts += len(pending)
    elapsed = time.monotonic() - started
    own_cpu = time.process_time() - cpu0
    done.set()
    await sampler

    n = len(stats.page_ms)
    out(f"sessions: {sessions} simulated visitors, {len(stats.visitors_connected)} connected, "
        f"{stats.ws_sessions} websocket sessions opened")
    out(f"page runs: {n} finished in {elapsed:.1f} s = {n / elapsed:.2f} page runs/s")
    out(f"time to a finished page: p50 {p50(stats.page_ms):,.0f} ms, p95 {p95(stats.page_ms):,.0f} ms, "
        f"max {max(stats.page_ms, default=math.nan):,.0f} ms")
    out(f"errors: {stats.errors} (exception elements {sum(stats.exceptions.values())}, disconnects "
        f"{stats.disconnects} [{stats.reconnects_ok} reconnected and reran the same link], timeouts {stats.timeouts}, "
        f"connection failures {stats.connect_failures}, page not found {stats.not_found}, "
        f"compile errors {stats.compile_errors})")
    load = " / ".join(f"{v:.1f}" for v in os.getloadavg())
    out(f"load generator: {own_cpu:.1f} s CPU of its own (it shares this machine's cores with the server); "
        f"load average now {load}")
    if stats.first_failure:
        out(f"  first connection failure: {stats.first_failure}")
    for page, count in stats.exceptions.most_common():
        out(f"  exceptions on {page}: {count}, first: {stats.first_exception[page]}")
    peak_now, _ = rss_mb(rss_ports)
    peak[0] = max(peak[0], 0 if math.isnan(peak_now) else peak_now)
    if after:
        out(f"waiting {after:g} s for the after-run memory figure …")
        await asyncio.sleep(after)
    end, _ = rss_mb(rss_ports)
    out(f"server RSS: before {fmt_mb(before)}, peak {fmt_mb(peak[0] if names else math.nan)}, "
        f"{after:g} s after {fmt_mb(end)}")
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.loadgen", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=50, help=f"concurrent visitors (1-{MAX_SESSIONS})")
    ap.add_argument("--seconds", type=float, default=60, help=f"duration (1-{MAX_SECONDS})")
    ap.add_argument("--url", default="http://localhost:8501", help="the dashboard (loopback only)")
    ap.add_argument("--after", type=float, default=60, help="seconds to wait for the after-run RSS figure")
    ap.add_argument("--page-timeout", type=float, default=60, help="seconds a page may take to finish")
    ap.add_argument("--think", type=float, default=1.0, help="mean pause between page loads, seconds")
    ap.add_argument("--arrive", type=float, default=0, help="seconds over which the visitors arrive (0: all within "
                                                            "about 2 s); a hall scanning a QR code: e.g. 60")
    ap.add_argument("--rss-ports", default="", help="ports whose listening processes are measured "
                                                     "(default: the URL's port), e.g. 8081,8082")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--hall", action="store_true", help="every visitor is a phone opening links without filters (a hall "
                                                         "opening the presenter's QR code) instead of random filters")
    args = ap.parse_args(argv)
    try:
        _, _, port = check_url(args.url)
        check_bounds(args.sessions, args.seconds, args.after)
        if not 0 <= args.arrive <= args.seconds:
            raise LoadgenError(f"--arrive must be between 0 and --seconds ({args.seconds:g}), got {args.arrive:g}")
        ports = [int(p) for p in args.rss_ports.replace(" ", "").split(",") if p] or [port]
    except (LoadgenError, ValueError) as e:
        print(f"loadgen: {e}", file=sys.stderr)
        return 2
    import logging

    logging.getLogger("websockets").setLevel(logging.CRITICAL)
    stats = asyncio.run(run(args.url, args.sessions, args.seconds, args.after, args.page_timeout, args.think,
                            ports, args.seed, hall=args.hall, arrive_s=args.arrive))
    return 1 if stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
