"""`flask housing ...`: staff accounts, demo data and (later) every scheduled job."""

import time

import click
from flask.cli import AppGroup

from housing.errors import OperationError
from housing.models import LandlordKind, Role

housing_cli = AppGroup("housing", help="Talent housing administration.")


@housing_cli.command("create-user")
@click.option(
    "--role", type=click.Choice(["officer", "landlord", "employer", "admin"]), required=True
)
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", default=None, help="Display name (defaults to the e-mail's local part).")
@click.option("--landlord-org", default=None, help="Organisation of a landlord account.")
@click.option(
    "--landlord-kind",
    type=click.Choice([k.value for k in LandlordKind]),
    default=LandlordKind.PRIVATE_FIRM.value,
    help="Kind of a new landlord organisation.",
)
@click.option(
    "--employer-code",
    default=None,
    help="An employer account's enterprise: its register code or unified social credit code.",
)
def create_user(role, email, password, name, landlord_org, landlord_kind, employer_code):
    """Create an officer, landlord, employer or admin account."""
    from housing.auth.operations import create_staff_user

    try:
        user = create_staff_user(
            Role(role),
            email,
            password,
            name,
            landlord_org,
            LandlordKind(landlord_kind),
            employer_code=employer_code,
        )
    except OperationError as exc:
        details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
        raise click.ClickException(f"{exc.message} {details}".strip()) from None
    click.echo(f"created {user.role.value} {user.email} (id {user.id})")


@housing_cli.command("seed-demo")
@click.option("--units", default=5000, show_default=True)
@click.option("--applicants", default=20000, show_default=True)
@click.option("--seed", default=2026, show_default=True)
def seed_demo(units, applicants, seed):
    """Fill the database with a realistic demo district (once; later runs change nothing)."""
    from flask import current_app

    from housing.demo import APPLICANT_PASSWORD, DEMO_ACCOUNTS
    from housing.demo import seed_demo as run

    if current_app.config["ENV_NAME"] not in ("development", "testing"):
        # The demo's accounts have published passwords: never in a real deployment.
        raise click.UsageError(
            f"seed-demo runs only in development, not in {current_app.config['ENV_NAME']}"
        )

    started = time.perf_counter()
    counts = run(units=units, applicants=applicants, seed=seed)
    if not counts:
        click.echo("demo data already present; nothing changed")
    else:
        summary = ", ".join(f"{v} {k}" for k, v in counts.items())
        click.echo(f"seeded {summary} in {time.perf_counter() - started:.1f} s")
    click.echo("demo logins:")
    for key, (email, password, _role, _name) in DEMO_ACCOUNTS.items():
        click.echo(f"  {key:<9} {email}  {password}")
    click.echo(f"  every talentNNNNN@demo.changning.gov.cn has the password {APPLICANT_PASSWORD}")


@housing_cli.command("recompute-priorities")
def recompute_priorities_command():
    """Recompute every queued application's points under the current policy (appends history)."""
    from housing.policy import recompute_priorities

    result = recompute_priorities()
    click.echo(
        f"{result['applications']} queued applications, {result['snapshots']} new snapshots "
        f"(policy version {result['policy']})"
    )


@housing_cli.command("forecast-waits")
def forecast_waits_command():
    """Every queued applicant's expected wait, as the nightly job computes it."""
    from housing.jobs import forecast_waits_job

    result = forecast_waits_job()
    if result is None:
        click.echo("already computed today; nothing changed")
        return
    click.echo(
        f"{result['applications']} queued applications, {result['known']} with an estimate, "
        f"from {result['history_months']} months of rounds, in {result['seconds']} s"
    )


@housing_cli.command("send-mail")
def send_mail_command():
    """Send the mail outbox (SMTP if MAIL_HOST is set, else .eml files in MAIL_FOLDER)."""
    from housing.notify import send_outbox

    result = send_outbox()
    click.echo(f"sent {result['sent']}, failed {result['failed']}, dead-lettered {result['dead']}")


@housing_cli.command("round")
@click.option("--month", required=True, help="The round's month, YYYY-MM.")
@click.option("--commit", "do_commit", is_flag=True, help="Commit the preview at once.")
@click.option("--again", is_flag=True, help="Preview again although this month's job ran.")
def round_command(month, do_commit, again):
    """Preview a month's round (the monthly job's lock), and commit it if asked."""
    from housing.jobs import round_job
    from housing.rounds.operations import check_month, commit

    try:
        month = check_month(month)
        result = round_job(month=month, again=again)
        if result is None:
            raise click.ClickException(
                f"the round job for {month} already ran or is running; use --again"
            )
        if result["status"] != "preview":
            raise click.ClickException(f"preview {result['round']} failed: {result['error']}")
        line = f"round {result['round']} {month}: preview, {result['served']} served"
        if do_commit:
            committed = commit(result["round"], None)
            line += f"; committed, status {committed.status.value}"
    except OperationError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(line)


@housing_cli.command("issue-offers")
def issue_offers_command():
    """Send the offers of rounds whose public notice has ended (the hourly job's lock)."""
    from housing.jobs import issue_offers_job

    result = issue_offers_job()
    if result is None:
        click.echo("issue-offers already ran this hour; nothing changed")
    else:
        click.echo(f"{result['offers']} offers issued in {result['rounds']} rounds")


@housing_cli.command("expire-offers")
def expire_offers_command():
    """Expire offers past their deadline and cascade them; remind a day before (hourly lock)."""
    from housing.jobs import expire_offers_job

    result = expire_offers_job()
    if result is None:
        click.echo("expire-offers already ran this hour; nothing changed")
    else:
        click.echo(
            f"{result['expired']} offers expired and cascaded, {result['reminded']} reminded"
        )


@housing_cli.command("employer-reminders")
@click.option("--month", default=None, help="YYYY-MM; the current month by default.")
def employer_reminders_command(month):
    """Ask enterprises to confirm their housed staff; escalate unanswered months."""
    from housing.jobs import employer_reminders_job

    result = employer_reminders_job(month=month)
    if result is None:
        click.echo("employer-reminders already ran this month; nothing changed")
    else:
        click.echo(
            f"{result['month']}: {result['sent']} enterprises asked, "
            f"{result['escalated']} unanswered requests escalated"
        )


@housing_cli.command("reviews-due")
def reviews_due_command():
    """Open, remind and escalate annual reviews; move-outs take effect (the daily job's lock)."""
    from housing.jobs import reviews_due_job

    result = reviews_due_job()
    if result is None:
        click.echo("reviews-due already ran today; nothing changed")
    else:
        click.echo(
            f"{result['opened']} reviews opened, {result['reminded']} reminded, "
            f"{result['escalated']} escalated, {result['ended']} tenancies ended, "
            f"{result['renewals_started']} renewals started"
        )


def _money_command(job, month: str, what: str) -> None:
    from housing.errors import OperationError
    from housing.tenancies.dates import month_bounds

    try:
        month_bounds(month)
        result = job(month=month)
    except OperationError as exc:
        raise click.ClickException(exc.message) from None
    if result is None:
        click.echo(f"{what} for {month} is running elsewhere or already ran; nothing changed")
    elif not result["new"]:
        click.echo(f"{what} for {month} already ran (run {result['run']}); nothing added")
    else:
        yuan = result["total_fen"] / 100
        click.echo(f"{what} for {month}: {result['entries']} entries, {yuan:,.2f} yuan")


@housing_cli.command("pay-subsidies")
@click.option("--month", required=True, help="The month to pay, YYYY-MM.")
def pay_subsidies_command(month):
    """Pay a month's rent subsidies into the ledger (the monthly job's lock)."""
    from housing.jobs import pay_subsidies_job

    _money_command(pay_subsidies_job, month, "subsidy payments")


@housing_cli.command("incentive-statements")
@click.option("--month", required=True, help="The month to count, YYYY-MM.")
def incentive_statements_command(month):
    """Draw a month's landlord incentive statements (the monthly job's lock)."""
    from housing.jobs import incentive_statements_job

    _money_command(incentive_statements_job, month, "incentive statements")


@housing_cli.command("scheduler")
def scheduler_command():
    """Run the scheduled jobs in this one process (never in web workers)."""
    from flask import current_app

    from housing.jobs import JOBS, build_scheduler

    scheduler = build_scheduler(current_app._get_current_object())
    click.echo("scheduler running: " + ", ".join(JOBS) + " (Ctrl-C to stop)")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("scheduler stopped")


@housing_cli.command("purge-personal-data")
def purge_personal_data_command():
    """Delete documents and personal details of applications closed beyond the policy's term."""
    from housing.jobs import purge_personal_data_job

    result = purge_personal_data_job()
    if result is None:
        click.echo("already ran today")
    else:
        click.echo(", ".join(f"{n} {k}" for k, n in result.items()) + " purged")


@housing_cli.command("run-jobs")
def run_jobs_command():
    """Run every scheduled job once now, each under its own lock (e.g. to catch up).

    Safe beside a running scheduler or on several machines at once: a job whose period has
    run, or is running elsewhere, is skipped.
    """
    from housing.jobs import JOBS

    for name, (function, _trigger) in JOBS.items():
        result = function()
        click.echo(f"{name}: {'skipped (ran already)' if result is None else result}")


@housing_cli.command("check")
def check_command():
    """Check the database, migrations, upload folder and scheduler; exit 1 if any fails."""
    from housing.health import run_checks

    results = run_checks()
    for name, result in results.items():
        click.echo(f"{'ok  ' if result['ok'] else 'FAIL'} {name}: {result['detail']}")
    if not all(r["ok"] for r in results.values()):
        raise SystemExit(1)


@housing_cli.command("unlock")
@click.option("--email", required=True, help="The account whose failed logins to forget.")
def unlock_command(email):
    """Let an account log in again at once from everywhere (after too many failed attempts)."""
    from housing.auth import throttle

    cleared = throttle.clear(throttle.account_key(email))
    click.echo(f"cleared {cleared} recent login attempts for {email.strip().lower()}")
