"""The production stack, run for real: docker-compose.yml's topology as local processes.

Starts its own redis-server (on a free port, never the shared one), a fresh PostgreSQL database,
an SMTP server that keeps what it receives (aiosmtpd, in this process), then the web, the Celery
worker and Celery beat with docker-compose.yml's own commands and production settings
(DJANGO_DEBUG=0). It walks one journey over HTTP as a browser behind the TLS proxy would: the
health check, an anonymous application, the applicant confirming their address, the coordinator
logging in and accepting; the e-mails must reach the SMTP server. Then Redis is killed and the
journey walked again by another applicant: no answer may be a server error nor slow; once Redis
is started again on the same port, that walk's e-mails must arrive too (beat publishes again the
e-mails recorded while the broker was away).

    .venv/bin/python bench/smoke_production.py      # exit code 0 when every step passed

Needs PostgreSQL on 127.0.0.1:5432 (SMOKE_DATABASE_URL to change it) and redis-server on PATH.
Each step prints its time; on failure the tail of each process's log is printed.
"""

import email
import email.policy
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.waiting import wait_until  # noqa: E402

DATABASE_URL = os.getenv("SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentorat_smoke")
FAST = 5.0  # seconds: the most any page may take, Redis there or not
PASSWORD_BYTES = 18

# --- docker-compose.yml's commands (tests/test_smoke_production.py holds them equal) -------------

COMPOSE_BIND = "0.0.0.0:8000"
COMPOSE_SCHEDULE = "/tmp/celerybeat-schedule"


def compose_commands(*, bind: str = COMPOSE_BIND, schedule: str = COMPOSE_SCHEDULE) -> dict:
    """The web, worker and beat commands of docker-compose.yml, with another address for the
    web and another file for beat's schedule (the only two things a local run must change)."""
    web = (
        "python manage.py migrate --noinput && "
        f"gunicorn mentorat.wsgi --bind {bind} --workers 3 --access-logfile -"
    )
    return {
        "web": ["sh", "-c", web],
        "worker": ["celery", "-A", "mentorat", "worker", "--loglevel", "INFO",
                   "--concurrency", "2"],
        "beat": ["celery", "-A", "mentorat", "beat", "--loglevel", "INFO",
                 "--schedule", schedule],
    }  # fmt: skip


# Variables set here that neither docker-compose.yml nor .env.example name: where this run keeps
# its files, and a quick sweep of pending e-mails instead of production's five minutes.
SMOKE_ONLY_VARIABLES = {
    "PATH",
    "HOME",
    "LANG",
    "PYTHONUNBUFFERED",  # the Dockerfile's ENV
    "MENTORAT_VAR_DIR",
    "EMAIL_SWEEP_SECONDS",
    "EMAIL_RESEND_AFTER",
}


def production_environment(
    *, port: int, redis_port: int, smtp_port: int, var_dir: Path, database_url: str
) -> dict:
    """docker-compose.yml's environment and .env's variables, for this machine."""
    site = f"https://127.0.0.1:{port}"
    return {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": os.environ.get("HOME", str(var_dir)),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        # docker-compose.yml's environment
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        # .env (see .env.example)
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": site,
        "SITE_URL": site,
        "DEFAULT_FROM_EMAIL": "Mentorat <mentorat@example.org>",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",  # the local SMTP server speaks plain SMTP
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        # this run only
        "MENTORAT_VAR_DIR": str(var_dir),
        "EMAIL_SWEEP_SECONDS": "3",
        "EMAIL_RESEND_AFTER": "3",
    }


# --- Reading pages and e-mails ------------------------------------------------------------------


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise AssertionError("no CSRF token in the page")
    return match.group(1)


def confirmation_path(body: str) -> str:
    """The path of the address confirmation link in allauth's e-mail."""
    match = re.search(r"https?://[^/\s]+(/comptes/confirm-email/[^\s/]+/)", body)
    if not match:
        raise AssertionError(f"no confirmation link in the e-mail:\n{body}")
    return match.group(1)


def review_path(html: str, name: str) -> str:
    """The review page of ``name``'s application, from the coordinator's list."""
    link = r'href="(/programmes/[^"]+/candidatures/\d+/)">' + re.escape(name) + "<"
    match = re.search(link, html)
    if not match:
        raise AssertionError(f"no application of {name} in the list")
    return match.group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- The SMTP server ----------------------------------------------------------------------------


@dataclass
class Mail:
    to: str
    subject: str
    body: str


class Sink:
    """What the platform's SMTP client delivered, kept in memory (aiosmtpd's handler)."""

    def __init__(self):
        self.mails: list[Mail] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain",))
        # A long encoded subject is folded after "Subject:": unfolded, it starts with a space.
        subject = str(message["Subject"]).strip()
        with self.lock:
            for to in envelope.rcpt_tos:
                self.mails.append(Mail(to, subject, part.get_content()))
        return "250 OK"

    def to(self, address: str) -> list[Mail]:
        with self.lock:
            return [m for m in self.mails if m.to == address]


# --- The processes ------------------------------------------------------------------------------


@dataclass
class Process:
    name: str
    argv: list
    log: Path
    popen: subprocess.Popen | None = None

    def start(self, env: dict) -> "Process":
        with open(self.log, "ab") as out:
            self.popen = subprocess.Popen(
                self.argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped whole (gunicorn, sh)
            )  # fmt: skip
        return self

    def crash(self) -> str:
        """The last critical line of the log: why it exited."""
        lines = self.text().splitlines()
        critical = [line for line in lines if "CRITICAL" in line] or [
            line for line in lines if "ERROR" in line
        ]
        return critical[-1].strip()[:300] if critical else "no error logged"

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def wait_for_line(self, fragment: str, timeout: float) -> None:
        def probe():
            if not self.alive():
                raise AssertionError(f"{self.name} exited with {self.popen.returncode}")
            return fragment in self.text()

        wait_until(probe, timeout=timeout, what=f"{self.name} to log {fragment!r}")

    def stop(self, sig=signal.SIGTERM, timeout: float = 15) -> None:
        if not self.alive():
            return
        try:
            os.killpg(self.popen.pid, sig)
            self.popen.wait(timeout=timeout)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


# --- The browser --------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # every answer is looked at, redirects included


@dataclass
class Response:
    status: int
    headers: dict
    text: str
    elapsed: float


@dataclass
class Browser:
    """A person's browser behind the TLS proxy: its own cookies, French, and the proxy's
    X-Forwarded-Proto (production's SECURE_PROXY_SSL_HEADER), so that the Secure cookies and the
    HTTPS redirect are production's own. Every answer must come fast and without a 5xx."""

    base: str
    log: list = field(default_factory=list)

    def __post_init__(self):
        # The Secure cookies travel: this plain-HTTP hop stands for the proxy's HTTPS one.
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        self.cookies = http.cookiejar.CookieJar(policy)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        self.origin = "https://" + urllib.parse.urlsplit(self.base).netloc

    def request(self, method: str, path: str, data: dict | None = None, *, proxy: bool = True,
                expect: tuple = ()) -> Response:  # fmt: skip
        headers = {"Accept-Language": "fr"}
        if proxy:
            headers["X-Forwarded-Proto"] = "https"
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        request = urllib.request.Request(self.base + path, body, headers, method=method)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=30) as answer:
                status, answer_headers, raw = answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, raw = error.code, dict(error.headers), error.read()
        elapsed = time.monotonic() - started
        response = Response(status, answer_headers, raw.decode(errors="replace"), elapsed)
        self.log.append((method, path, status, elapsed))
        if status >= 500 and status not in expect:
            raise AssertionError(f"{method} {path} answered {status}:\n{response.text[:2000]}")
        if elapsed > FAST:
            raise AssertionError(f"{method} {path} took {elapsed:.1f} s (limit {FAST:g} s)")
        if expect and status not in expect:
            raise AssertionError(f"{method} {path} answered {status}, expected {expect}")
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def submit(self, page_path: str, data: dict, action: str | None = None) -> Response:
        """Open the page, then post its form with the page's CSRF token, as a person would."""
        page = self.get(page_path, expect=(200,))
        return self.request(
            "POST", action or page_path, {"csrfmiddlewaretoken": csrf_token(page.text), **data}
        )


# --- The journey --------------------------------------------------------------------------------

SEED = """
import json, os
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from programmes.models import Phase, Role
from programmes.services import application_link_get, programme_create
staff = get_user_model().objects.create_user(
    email="equipe@example.org", password=None, first_name="Équipe", last_name="ARACT",
    is_staff=True)
coordinator = get_user_model().objects.create_user(
    email="coordination@example.org", password=os.environ["SMOKE_PASSWORD"],
    first_name="Camille", last_name="Coordination")
EmailAddress.objects.create(user=coordinator, email=coordinator.email, primary=True, verified=True)
programme = programme_create(by=coordinator, name="Programme de recette", slug="recette")
programme.current_phase = Phase.RECRUITMENT
programme.save(update_fields=["current_phase"])
link = application_link_get(programme=programme, role=Role.MENTEE)
print(json.dumps({"apply": link.get_absolute_url(), "topic": programme.topics.first().pk,
                  "coordinator": coordinator.email}))
"""


@dataclass
class Applicant:
    first_name: str
    last_name: str
    email: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def form(self, topic: int) -> dict:
        password = secrets.token_urlsafe(PASSWORD_BYTES)
        return {
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "password1": password,
            "password2": password,
            "organisation": "",
            "new_organisation": "Fromagerie de la Recette",
            "sector": "Agroalimentaire",
            "departement": "25",
            "job_title": "Cheffe d'équipe",
            "experience_years": "3",
            "topics": [topic],
            "meeting_mode": "mixte",
            "availability": "Un jeudi par mois",
            "expectations": "Prendre du recul",
            "offer": "",
            "consent": "on",
        }


class Smoke:
    def __init__(self, work: Path):
        self.work = work
        self.started = time.monotonic()
        self.steps: list[tuple[str, float]] = []
        self.processes: list[Process] = []
        self.sink = Sink()
        self.smtp = None
        self.redis: Process | None = None
        self.requests: list = []  # (method, path, status, seconds) of every page of the walks
        self.platform: list[Process] = []  # web, worker, beat: restarted if they exit, once up
        self.up = False
        self.restarts: list[str] = []

    @contextmanager
    def step(self, name: str):
        started = time.monotonic()
        print(f"-- {name}", flush=True)
        self.supervise()
        yield
        elapsed = time.monotonic() - started
        self.steps.append((name, elapsed))
        print(f"   ok in {elapsed:.2f} s", flush=True)

    # Services

    def start_redis(self) -> None:
        redis = Process(
            "redis-server",
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.work)],
            self.work / "redis.log",
        )  # fmt: skip
        self.redis = redis.start(os.environ.copy())
        self.processes.append(redis)
        wait_until(self.redis_answers, timeout=10, what="redis-server to answer PING")

    def redis_answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start_smtp(self) -> None:
        from aiosmtpd.controller import Controller

        self.smtp = Controller(self.sink, hostname="127.0.0.1", port=self.smtp_port)
        self.smtp.start()

    def fresh_database(self) -> None:
        import psycopg2

        url = urllib.parse.urlsplit(DATABASE_URL)
        name = url.path.lstrip("/")
        connection = psycopg2.connect(
            host=url.hostname, port=url.port or 5432, user=url.username, password=url.password,
            dbname="postgres",
        )  # fmt: skip
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()

    def manage(self, *args: str, extra_env: dict | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env={**self.env, **(extra_env or {})},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if result.returncode:
            raise AssertionError(f"manage.py {args[0]} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def start(self, name: str, argv: list) -> Process:
        process = Process(name, argv, self.work / f"{name}.log").start(self.env)
        self.processes.append(process)
        self.platform.append(process)
        return process

    def supervise(self) -> None:
        """docker-compose.yml's ``restart: unless-stopped``, once the stack is up: a platform
        process that exited is started again, and the run says so (in its summary too). A
        worker with a task in flight when Redis dies exits on celery 5.7 ("Unrecoverable
        error: AttributeError", from kombu restoring the task on the closed connection)."""
        if not self.up:
            return
        for process in self.platform:
            if process.popen.poll() is None:
                continue
            reason = f"exit {process.popen.returncode}: {process.crash()}"
            print(f"   ! {process.name} exited ({reason}); started again, as docker-compose's "
                  "restart: unless-stopped does", flush=True)  # fmt: skip
            self.restarts.append(f"{process.name} ({reason})")
            process.start(self.env)

    def healthz(self, expect=(200,)) -> Response:
        # Probed over plain HTTP, as docker-compose and a load balancer do (no redirect for it).
        return Browser(self.base, self.requests).get("/healthz", proxy=False, expect=expect)

    def wait_healthy(self, web: Process, timeout: float) -> None:
        def probe():
            if not web.alive():
                raise AssertionError(f"the web exited with {web.popen.returncode}")
            try:
                return Browser(self.base).get("/healthz", proxy=False).status == 200
            except (OSError, AssertionError):
                return False

        wait_until(probe, timeout=timeout, what="/healthz to answer 200")

    def wait_mail(self, address: str, count: int, timeout: float) -> list[Mail]:
        def probe():
            self.supervise()
            return len(self.sink.to(address)) >= count and self.sink.to(address)

        return wait_until(
            probe,
            timeout=timeout,
            what=f"{count} e-mail(s) to {address} at the SMTP server",
            diagnostic=lambda: "\n".join(f"{m.to}: {m.subject}" for m in self.sink.mails),
        )

    # The walk

    def apply(self, applicant: Applicant) -> None:
        visitor = Browser(self.base, self.requests)
        response = visitor.submit(self.seed["apply"], applicant.form(self.seed["topic"]))
        if response.status != 302 or "/candidature-envoyee/" not in response.headers["Location"]:
            raise AssertionError(f"the application was not taken ({response.status}):\n"
                                 f"{response.text[:3000]}")  # fmt: skip
        visitor.get(response.headers["Location"], expect=(200,))
        applicant.browser = visitor

    def coordinator_accepts(self, applicant: Applicant) -> None:
        coordinator = Browser(self.base, self.requests)
        response = coordinator.submit(
            "/comptes/login/", {"login": self.seed["coordinator"], "password": self.password}
        )
        if response.status != 302:
            raise AssertionError(f"the coordinator could not log in ({response.status})")
        coordinator.get(response.headers["Location"], expect=(200,))
        listing = coordinator.get("/programmes/recette/candidatures/", expect=(200,))
        review = review_path(listing.text, applicant.name)
        response = coordinator.submit(review, {"status": "accepted"}, action=review + "decision/")
        if response.status != 302:
            raise AssertionError(f"the decision was not taken ({response.status})")
        page = coordinator.get(response.headers["Location"], expect=(200,))
        if "Décision enregistrée" not in page.text:
            raise AssertionError("the review page does not say the decision was recorded")
        response = coordinator.submit("/", {}, action="/comptes/logout/")
        if response.status != 302:
            raise AssertionError(f"the coordinator could not log out ({response.status})")

    def confirm_address(self, applicant: Applicant, mail: Mail) -> None:
        path = confirmation_path(mail.body)
        response = applicant.browser.submit(path, {})
        if response.status != 302:
            raise AssertionError(f"the address was not confirmed ({response.status})")

    def run(self) -> None:
        self.port, self.redis_port, self.smtp_port = free_port(), free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.password = secrets.token_urlsafe(PASSWORD_BYTES)
        self.env = production_environment(
            port=self.port, redis_port=self.redis_port, smtp_port=self.smtp_port,
            var_dir=self.work / "var", database_url=DATABASE_URL,
        )  # fmt: skip
        commands = compose_commands(
            bind=f"127.0.0.1:{self.port}", schedule=str(self.work / "celerybeat-schedule")
        )
        print(f"web {self.base}, redis :{self.redis_port}, smtp :{self.smtp_port}, {self.work}")

        with self.step(f"redis-server on port {self.redis_port}, SMTP server, fresh database"):
            self.start_redis()
            self.start_smtp()
            self.fresh_database()
        with self.step("worker started; collectstatic (the Dockerfile's build step) meanwhile"):
            # The worker touches the database only for a task: it may start before migrate.
            worker = self.start("worker", commands["worker"])
            self.manage("collectstatic", "--noinput", "-v", "0")
        with self.step("web (migrates first), then beat (docker-compose.yml's commands), ready"):
            web = self.start("web", commands["web"])
            self.wait_healthy(web, timeout=90)
            # Beat after migrate: its first e-mail sweep, seconds later, reads the tables.
            beat = self.start("beat", commands["beat"])
            worker.wait_for_line(" ready.", timeout=60)
            beat.wait_for_line("beat: Starting...", timeout=60)
            self.up = True
        with self.step("/healthz answers 200 (database and broker ok); plain HTTP goes to HTTPS"):
            health = json.loads(self.healthz().text)
            assert health == {"status": "ok", "database": "ok", "broker": "ok"}, health
            login = Browser(self.base, self.requests)
            redirect = login.get("/comptes/login/", proxy=False, expect=(301,))
            assert redirect.headers["Location"].startswith("https://"), redirect.headers
        with self.step("seed: a programme in recruitment and its coordinator"):
            output = self.manage("shell", "-c", SEED, extra_env={"SMOKE_PASSWORD": self.password})
            self.seed = json.loads(output.strip().splitlines()[-1])

        first = Applicant("Nina", "Nouvelle", "nina.nouvelle@example.org")
        with self.step("walk 1: an anonymous person applies through the public form"):
            self.apply(first)
        with self.step("walk 1: the confirmation e-mail arrives; the applicant confirms"):
            (mail,) = self.wait_mail(first.email, 1, timeout=30)
            print(f"   « {mail.subject} »")
            self.confirm_address(first, mail)
        with self.step("walk 1: the coordinator logs in, accepts the application, logs out"):
            self.coordinator_accepts(first)
        with self.step("walk 1: the welcome and acceptance e-mails arrive"):
            mails = self.wait_mail(first.email, 3, timeout=30)
            for mail in mails[1:]:
                print(f"   « {mail.subject} »")
            subjects = " | ".join(m.subject for m in mails)
            assert "compte" in subjects and "acceptée" in subjects, subjects

        second = Applicant("Omar", "Outage", "omar.outage@example.org")
        with self.step("Redis killed: unreachable (connection refused)"):
            self.redis.stop(signal.SIGKILL)
            assert not self.redis_answers()
        with self.step("walk 2 without Redis: /healthz says 503 broker error, at once"):
            health = json.loads(self.healthz(expect=(503,)).text)
            assert health["broker"] == "error" and health["database"] == "ok", health
        with self.step("walk 2 without Redis: another person applies"):
            self.apply(second)
        with self.step("walk 2 without Redis: the coordinator logs in, accepts, logs out"):
            self.coordinator_accepts(second)
        assert self.sink.to(second.email) == [], "an e-mail left while Redis was away"
        with self.step("redis-server started again on the same port; /healthz 200"):
            self.start_redis()
            self.wait_healthy(web, timeout=30)
        with self.step("walk 2: its e-mails arrive once Redis is back (beat's sweep)"):
            mails = self.wait_mail(second.email, 2, timeout=60)
            for mail in mails:
                print(f"   « {mail.subject} »")
        with self.step("walk 2: the applicant confirms; the welcome e-mail arrives"):
            confirmation = next(m for m in mails if "/comptes/confirm-email/" in m.body)
            self.confirm_address(second, confirmation)
            self.wait_mail(second.email, 3, timeout=30)
        with self.step("each person got each e-mail once (confirmation, welcome, acceptance)"):
            for person in (first, second):
                subjects = [m.subject for m in self.sink.to(person.email)]
                assert len(subjects) == len(set(subjects)) == 3, subjects
        for process in (web, worker, beat):
            assert process.alive(), f"{process.name} died"
        method, path, status, slowest = max(self.requests, key=lambda r: r[3])
        print(f"{len(self.requests)} requests, no 5xx but /healthz's 503 without Redis; "
              f"slowest {slowest:.2f} s: {method} {path}")  # fmt: skip

    def stop(self) -> None:
        # The platform's processes first, Redis last: their logs end without a lost broker.
        for process in sorted(reversed(self.processes), key=lambda p: p is self.redis):
            process.stop()
        if self.smtp is not None:
            self.smtp.stop()

    def print_logs(self, lines: int = 40) -> None:
        # Redis started twice writes one log: each log once.
        for process in {p.log: p for p in self.processes}.values():
            tail = process.text().splitlines()[-lines:]
            print(f"\n==== {process.name} ({process.log}), last {len(tail)} lines")
            print("\n".join(tail))


class Stopped(Exception):
    pass


def _stopped(signum, frame):
    # Stopped from outside (a CI timeout): a failure like another, every process stopped.
    raise Stopped("the smoke run received SIGTERM")


def main(argv: list[str]) -> int:
    keep = "--keep" in argv  # keep the processes' logs and files to read them afterwards
    signal.signal(signal.SIGTERM, _stopped)
    work = Path(tempfile.mkdtemp(prefix="mentorat-smoke-"))
    smoke = Smoke(work)
    failure = None
    try:
        smoke.run()
    except Exception as error:  # any failure: reported, then exit 1
        failure = error
    finally:
        smoke.stop()
    total = time.monotonic() - smoke.started
    if failure is not None:
        print(f"\nFAILED: {type(failure).__name__}: {failure}")
        smoke.print_logs()
    if keep:
        print(f"\nlogs and files kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    if failure is not None:
        print(f"\nproduction smoke: FAILED after {len(smoke.steps)} steps, {total:.1f} s")
        return 1
    restarted = f"; restarted: {'; '.join(smoke.restarts)}" if smoke.restarts else ""
    print(f"\nproduction smoke: {len(smoke.steps)} steps passed in {total:.1f} s{restarted}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
