"""The daily reminder run: find the reminders due today, claim each once, send one digest per recipient.

A reminder is a (deadline, due date, threshold, recipient) owed on a day of the
organisation's calendar. The run inserts a ReminderClaim row for it *before* sending;
the row's unique constraint makes a second run, or a concurrent one on another worker,
find it taken and leave it alone. A send that fails keeps its claims, marked failed,
and a later run takes them over after an exponential backoff; a run that crashed
between claiming and sending leaves its claims pending, taken over when their lease
ends. The run reads only Deadline rows, so any new source of deadlines is reminded of
without a change here.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Exists, F, Min, OuterRef, QuerySet
from django.utils import timezone

from core.dates import today_in
from core.models import Membership, Organisation, Role
from deadlines import external
from deadlines.digest import Digest, digest_message
from deadlines.external import EXTERNAL_THRESHOLDS
from deadlines.models import ClaimStatus, Deadline, ReminderClaim, ThresholdKind
from deadlines.schedule import Threshold, due_dates_hit, thresholds_on
from deadlines.selectors import policy_of, preference_of

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
# A claim whose run died between claiming and sending is taken over after this.
LEASE = dt.timedelta(hours=1)
FIRST_RETRY = dt.timedelta(minutes=15)
MAX_BACKOFF = dt.timedelta(hours=24)
# About five days of retries; then the claim is kept as abandoned, for an administrator to see.
MAX_ATTEMPTS = 10


@dataclass
class RunResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    digests: int = 0

    def summary(self, *, dry_run: bool = False) -> str:
        sent = f"would_send={self.sent}" if dry_run else f"sent={self.sent}"  # a dry run sends nothing
        return f"reminders: {sent} skipped={self.skipped} failed={self.failed}"


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the n-th failed attempt: 15 min, 30 min, 1 h, … at most a day."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), MAX_BACKOFF)


def compliance_members(members: list[Membership]) -> list[Membership]:
    """Who answers for unowned and escalated deadlines: the compliance officers, else the owners."""
    officers = [m for m in members if m.role == Role.COMPLIANCE]
    return officers or [m for m in members if m.role == Role.OWNER]


class Team:
    """An organisation's members, read once per run, and who receives which reminder."""

    def __init__(self, members: list[Membership]):
        self.by_id = {m.pk: m for m in members}
        self.compliance = compliance_members(members)

    def recipients(self, deadline: Deadline, threshold: Threshold) -> list[Membership]:
        """The deadline's owner, else the compliance officers; escalations go to the compliance officers."""
        if threshold.kind == ThresholdKind.ESCALATION:
            return self.compliance
        owner = self.by_id.get(deadline.owner_id)
        return [owner] if owner else self.compliance


def send_reminders(*, now: dt.datetime | None = None, dry_run: bool = False, batch_size: int = BATCH_SIZE) -> RunResult:
    """Run the reminders due at `now` (default: the current time) across every organisation."""
    return ReminderRun(now or timezone.now(), dry_run=dry_run, batch_size=batch_size).run()


@dataclass
class ReminderRun:
    now: dt.datetime
    dry_run: bool = False
    batch_size: int = BATCH_SIZE
    run_id: uuid.UUID = field(default_factory=uuid.uuid4)
    result: RunResult = field(default_factory=RunResult)
    wanted: int = 0

    def run(self) -> RunResult:
        self.claim_all()
        if self.dry_run:
            self.result.sent += self.retryable().count()
            return self.result
        inserted = ReminderClaim.objects.filter(run_id=self.run_id).count()
        self.result.skipped += self.wanted - inserted  # claimed before, by an earlier or a concurrent run
        self.take_over_retries()
        self.send_digests()
        return self.result

    def message(self, digest: Digest, connection) -> EmailMultiAlternatives:
        """The mail of one recipient's claims of this run (a run of another kind sends another mail)."""
        return digest_message(digest, connection=connection)

    # Claiming ------------------------------------------------------------------------------

    def claim_all(self) -> None:
        organisations = Organisation.objects.filter(
            Exists(Deadline.objects.filter(organisation=OuterRef("pk")))
        ).select_related("reminder_policy")
        for organisation in organisations:
            self.claim_organisation(organisation)

    def claim_organisation(self, organisation: Organisation) -> None:
        policy = policy_of(organisation)
        today = today_in(organisation.time_zone, self.now)
        oldest = Deadline.objects.filter(organisation=organisation, due_date__lt=today, is_milestone=False).aggregate(
            oldest=Min("due_date")
        )["oldest"]
        team = Team(
            list(Membership.objects.filter(organisation=organisation).select_related("user", "reminder_preference"))
        )
        deadlines = Deadline.objects.filter(
            organisation=organisation, due_date__in=due_dates_hit(policy, today, oldest)
        )
        for chunk in chunked(deadlines, self.batch_size):
            owed = [
                (deadline, threshold)
                for deadline in chunk
                for threshold in thresholds_on(policy, deadline.due_date, today, is_milestone=deadline.is_milestone)
            ]
            claims = [claim for deadline, threshold in owed for claim in self.claims_for(deadline, threshold, team)]
            self.claim(claims + self.external_claims(owed))

    def claims_for(self, deadline: Deadline, threshold: Threshold, team: Team) -> list[ReminderClaim]:
        claims = []
        for recipient in team.recipients(deadline, threshold):
            if not recipient.user.email or not preference_of(recipient).wants(threshold.kind, threshold.days):
                self.result.skipped += 1
                continue
            claims.append(self.new_claim(deadline, threshold, recipient=recipient))
        return claims

    def external_claims(self, owed: list[tuple[Deadline, Threshold]]) -> list[ReminderClaim]:
        """Claims for the outside recipients that apps registered (deadlines.external), before and on the day."""
        owed = [(deadline, threshold) for deadline, threshold in owed if threshold.kind in EXTERNAL_THRESHOLDS]
        claims = []
        for entry in external.registered():
            mine = [(deadline, threshold) for deadline, threshold in owed if deadline.kind in entry.kinds]
            addresses = entry.resolve([deadline for deadline, _ in mine]) if mine else {}
            claims += [
                self.new_claim(deadline, threshold, recipient=None, recipient_email=address)
                for deadline, threshold in mine
                for address in addresses.get(deadline.pk, [])
            ]
        return claims

    def new_claim(self, deadline: Deadline, threshold: Threshold, **recipient) -> ReminderClaim:
        return ReminderClaim(
            organisation_id=deadline.organisation_id,
            deadline=deadline,
            due_date=deadline.due_date,
            threshold=threshold.kind,
            days=threshold.days,
            run_id=self.run_id,
            claimed_at=self.now,
            next_attempt_at=self.now + LEASE,
            **recipient,
        )

    def claim(self, claims: list[ReminderClaim]) -> None:
        if not claims:
            return
        if self.dry_run:
            taken = set(
                ReminderClaim.objects.filter(deadline_id__in={c.deadline_id for c in claims}).values_list(
                    "deadline_id", "due_date", "threshold", "days", "recipient_id", "recipient_email"
                )
            )
            fresh = sum(claim_key(c) not in taken for c in claims)
            self.result.sent += fresh
            self.result.skipped += len(claims) - fresh
            return
        self.wanted += len(claims)
        # ON CONFLICT DO NOTHING: a claim another run holds stays its own; ours carry our run id.
        ReminderClaim.objects.bulk_create(claims, ignore_conflicts=True, batch_size=self.batch_size)

    def retryable(self) -> QuerySet[ReminderClaim]:
        return ReminderClaim.objects.filter(
            status__in=[ClaimStatus.PENDING, ClaimStatus.FAILED], next_attempt_at__lte=self.now
        )

    def take_over_retries(self) -> None:
        # One conditional UPDATE: of two concurrent runs, the second finds the rows no longer due.
        self.retryable().update(run_id=self.run_id, status=ClaimStatus.PENDING, next_attempt_at=self.now + LEASE)

    # Sending -------------------------------------------------------------------------------

    def send_digests(self) -> None:
        digests, outside = self.collect_digests()
        connection = get_connection()
        for digest in digests.values():
            self.send_one(connection, self.message(digest, connection), digest.claim_ids)
        for reminder in outside.values():
            self.send_one(connection, reminder.message(connection), reminder.claim_ids)
        connection.close()

    def collect_digests(self) -> tuple[dict[int, Digest], dict[tuple, ExternalReminder]]:
        digests: dict[int, Digest] = {}
        outside: dict[tuple, ExternalReminder] = {}
        moved = []
        ours = ReminderClaim.objects.filter(run_id=self.run_id).select_related(
            "deadline__organisation", "deadline__ai_system", "deadline__vendor", "recipient__user"
        )
        for claim in (claim for page in chunked(ours, self.batch_size) for claim in page):
            if claim.deadline.due_date != claim.due_date:  # moved since a failed attempt: its new date has its own
                moved.append(claim.pk)
                continue
            if claim.recipient_id is None:
                entry = external.for_kind(claim.deadline.kind)
                key = (claim.deadline.organisation_id, claim.recipient_email, entry.name if entry else "")
                organisation = claim.deadline.organisation
                reminder = outside.setdefault(
                    key, ExternalReminder(claim.recipient_email, today_in(organisation.time_zone, self.now))
                )
                reminder.add(claim)
                continue
            if claim.recipient_id not in digests:
                organisation = claim.deadline.organisation
                today = today_in(organisation.time_zone, self.now)
                digests[claim.recipient_id] = Digest(claim.recipient, organisation, today)
            digests[claim.recipient_id].add(claim)
        ReminderClaim.objects.filter(pk__in=moved).update(status=ClaimStatus.VOID, next_attempt_at=None)
        self.result.skipped += len(moved)
        return digests, outside

    def send_one(self, connection, message, claim_ids: list[int]) -> None:
        try:
            message.send()
        except Exception as error:  # any failure of the mail system: recorded on the claims and retried
            logger.warning("Reminder to %s failed: %s", ", ".join(message.to), error)
            connection.close()  # reopened by the next send
            self.mark_failed(claim_ids, error)
            self.result.failed += len(claim_ids)
            return
        ReminderClaim.objects.filter(pk__in=claim_ids).update(
            status=ClaimStatus.SENT, sent_at=self.now, attempts=F("attempts") + 1, last_error="", next_attempt_at=None
        )
        self.result.sent += len(claim_ids)
        self.result.digests += 1

    def mark_failed(self, claim_ids: list[int], error: Exception) -> None:
        message = f"{type(error).__name__}: {error}"[:2000]
        claims = ReminderClaim.objects.filter(pk__in=claim_ids)
        for attempts in set(claims.values_list("attempts", flat=True)):
            tried = attempts + 1
            abandoned = tried >= MAX_ATTEMPTS
            if abandoned:
                logger.error("Reminder claims abandoned after %s attempts: %s", tried, message)
            claims.filter(attempts=attempts).update(
                status=ClaimStatus.ABANDONED if abandoned else ClaimStatus.FAILED,
                attempts=tried,
                last_error=message,
                next_attempt_at=None if abandoned else self.now + backoff(tried),
            )


@dataclass
class ExternalReminder:
    """One mail to an outside recipient about its deadlines of one registration, in the words its app gave."""

    address: str
    today: dt.date
    deadlines: dict[int, Deadline] = field(default_factory=dict)
    claim_ids: list[int] = field(default_factory=list)

    def add(self, claim: ReminderClaim) -> None:
        self.claim_ids.append(claim.pk)
        self.deadlines.setdefault(claim.deadline_id, claim.deadline)

    def message(self, connection):
        deadlines = sorted(self.deadlines.values(), key=lambda d: (d.due_date, d.pk))
        message = external.for_kind(deadlines[0].kind).message(self.address, deadlines, self.today)
        message.connection = connection
        return message


def claim_key(claim: ReminderClaim) -> tuple:
    return (claim.deadline_id, claim.due_date, claim.threshold, claim.days, claim.recipient_id, claim.recipient_email)


def chunked(queryset: QuerySet, size: int) -> Iterator[list]:
    """Keyset pages by primary key: flat memory and one query per page, however many rows."""
    last = 0
    while True:
        page = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not page:
            return
        yield page
        last = page[-1].pk
