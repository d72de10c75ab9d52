"""Scale-out (issue 10, part 4): two replicas behind HAProxy, started by deploy/cluster.py.

A session works through the balancer; killing the replica that holds sessions moves them to the other
one with their view rebuilt from the URL (a reconnect, then the same link finishes without an exception
and the sidebar shows the link's filters); the killed replica, started again, is marked UP by HAProxy
and receives new sessions. Skipped (with the reason) when Debian's haproxy cannot be installed.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import time
import urllib.request

import pytest

from bench.loadgen import Disconnected, Session
from deploy.cluster import Cluster, ClusterError, free_port, haproxy_path

PAGE_TIMEOUT_S = 90  # two replicas on a shared 2-core machine: a cold first page can take seconds
LINKS = [("selections", "tech=AI&status=all"), ("map", "pref=27"), ("", "fy=2020"), ("technologies", "status=ended")]
EXPECTED = {"selections": ("f_tech", ["AI"]), "map": ("f_pref", ["大阪府（27）"]), "": ("f_fy", ["R2 (2020)"])}


def _run(coroutine):
    """asyncio.run in a thread of its own: in a full run, Playwright's sync API holds this thread's event loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="module")
def cluster():
    try:
        haproxy_path(install=True)
    except ClusterError as e:
        pytest.skip(f"HAProxy unavailable, cluster tests skipped: {e}")
    c = Cluster(2, free_port(), "127.0.0.1", replica_ports=[free_port(), free_port()], check_interval="1s")
    c.start(timeout=120)
    try:
        yield c
    finally:
        c.stop()


def wait_states(cluster: Cluster, want: dict[str, str], timeout: float = 20) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while True:
        states = {k: v.split()[0] for k, v in cluster.server_states().items()}  # "UP 1/2" while rising
        if all(states.get(k) == v for k, v in want.items()) or time.monotonic() > deadline:
            return states
        time.sleep(0.3)


def replica_of(session: Session) -> str:
    return session.cookie.partition("SERVERID=")[2]


def test_a_session_works_through_the_balancer(cluster):
    with urllib.request.urlopen(cluster.url + "/", timeout=30) as r:
        assert r.status == 200
        assert any(c.startswith("SERVERID=r") for c in r.headers.get_all("Set-Cookie") or [])
    with urllib.request.urlopen(cluster.url + "/_stcore/health", timeout=30) as r:
        assert (r.status, r.read().strip()) == (200, b"ok")
    assert wait_states(cluster, {"r1": "UP", "r2": "UP"}) == {"r1": "UP", "r2": "UP"}

    async def one():
        s = Session(cluster.url, PAGE_TIMEOUT_S)
        await s.open("selections", "tech=AI&status=all")
        try:
            return await s.run_page("selections", "tech=AI&status=all"), replica_of(s), s.selections
        finally:
            await s.close()

    exceptions, replica, selections = _run(one())
    assert exceptions == 0 and replica in ("r1", "r2")
    assert selections["f_tech"] == ["AI"]  # the link's filter is on screen


def test_killing_a_replica_moves_its_users_and_it_rejoins(cluster):
    async def scenario():
        sessions = [Session(cluster.url, PAGE_TIMEOUT_S) for _ in LINKS]
        try:
            for s, (page, query) in zip(sessions, LINKS):
                await s.open(page, query)
            first = await asyncio.gather(*(s.run_page(p, q) for s, (p, q) in zip(sessions, LINKS)))
            assert first == [0] * len(LINKS)
            before = [replica_of(s) for s in sessions]
            victim = max(("r1", "r2"), key=before.count)  # the replica holding most of them
            moved = [i for i, r in enumerate(before) if r == victim]

            # Under load: every session reruns its page while the replica is killed.
            runs = [asyncio.create_task(s.run_page(p, q)) for s, (p, q) in zip(sessions, LINKS)]
            await asyncio.sleep(0.2)
            cluster.kill_replica(int(victim[1:]) - 1)
            results = await asyncio.gather(*runs, return_exceptions=True)
            for i, result in enumerate(results):
                if i in moved:
                    assert isinstance(result, (Disconnected, int)), result  # a run may finish before the kill
                else:
                    assert result == 0, f"session {i} on the surviving replica: {result!r}"

            # What the frontend does after a disconnect: reconnect (same cookie), rerun the same URL.
            for i in moved:
                s, (page, query) = sessions[i], LINKS[i]
                await s.close()
                await s.open(page, query)
                assert await s.run_page(page, query) == 0, s.exception_messages
                assert replica_of(s) != victim, "HAProxy kept the session on the dead replica"
                if page in EXPECTED:
                    key, shown = EXPECTED[page]
                    assert s.selections[key] == shown, f"view not restored from ?{query}: {s.selections}"
            return victim
        finally:
            for s in sessions:
                await s.close()

    victim = _run(scenario())
    assert wait_states(cluster, {victim: "DOWN"})[victim] == "DOWN"

    # The replica comes back: HAProxy's health check marks it UP and new visitors reach it again.
    index = int(victim[1:]) - 1
    cluster.start_replica(index)
    cluster.wait_healthy([index], timeout=120)
    assert wait_states(cluster, {victim: "UP"})[victim] == "UP"

    async def new_visitors():
        reached = set()
        for _ in range(6):  # leastconn sends the next one to the empty replica; allow a few tries
            s = Session(cluster.url, PAGE_TIMEOUT_S)
            s.cookie = ""
            await s.open("program", "")
            try:
                assert await s.run_page("program", "") == 0
                reached.add(replica_of(s))
            finally:
                await s.close()
            if victim in reached:
                break
        return reached

    assert victim in _run(new_visitors())


def test_frontend_files_come_from_the_balancers_cache(cluster):
    """HAProxy keeps the replicas' compressed frontend files (deploy/haproxy.cfg.template, cache frontend_files):
    the second visitor's copy comes from the cache (HAProxy adds Age), carries no replica's cookie, and a client
    that does not accept gzip still gets the plain file from a replica."""
    import gzip
    import re

    with urllib.request.urlopen(cluster.url + "/", timeout=30) as r:
        script = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', r.read().decode()).group(1)

    def fetch(**headers):
        with urllib.request.urlopen(urllib.request.Request(f"{cluster.url}/{script}", headers=headers), timeout=30) as r:
            return r.headers, r.read()

    first, packed = fetch(**{"Accept-Encoding": "gzip"})
    again, packed_again = fetch(**{"Accept-Encoding": "gzip"})
    plain_headers, plain = fetch()
    assert first["Content-Encoding"] == again["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed) == gzip.decompress(packed_again) == plain
    assert again["Age"] is not None and again["Set-Cookie"] is None
    assert plain_headers["Content-Encoding"] is None and plain_headers["Age"] is None
