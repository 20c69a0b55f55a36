"""Reach a Neo4j server: where it is, a checked driver, errors worded for a user.

`open_driver` connects and verifies before anything is sent; `server_error` turns the
driver's exceptions (unreachable, refused credentials, a Neo4j error code) into one
ServerError line that says what to check; `run_cypher` runs one read-only query. The
official driver is imported only here and only when needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sendkg.errors import SendkgError, ServerError


@dataclass(frozen=True)
class Neo4jTarget:
    """Where the server is: a Bolt/Neo4j URI, optional credentials and database name."""

    uri: str
    user: str | None = None
    password: str | None = None
    database: str | None = None


def _neo4j():
    try:
        import neo4j
    except ImportError:
        raise SendkgError("Neo4j support needs the official driver: "
                          "pip install 'sendkg[neo4j]' (or: pip install neo4j)") from None
    return neo4j


SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def open_driver(target: Neo4jTarget):
    """A connected driver, or ServerError saying why not (unreachable, refused, bad URI)."""
    neo4j = _neo4j()
    scheme = target.uri.partition("://")[0].lower()
    if scheme not in SCHEMES:
        raise ServerError(f"bad Neo4j URI {target.uri!r}: expected one of "
                          f"{', '.join(s + '://' for s in SCHEMES)}")
    auth = (target.user or "neo4j", target.password or "") if (
        target.user or target.password) else None
    try:
        driver = neo4j.GraphDatabase.driver(target.uri, auth=auth, connection_timeout=10,
                                            max_transaction_retry_time=15)
    except Exception as error:
        raise ServerError(f"bad Neo4j URI {target.uri!r}: {_first_line(error)}") from None
    try:
        driver.verify_connectivity()
    except Exception as error:
        driver.close()
        raise server_error(target, error) from None
    return driver


def server_error(target: Neo4jTarget, error: BaseException) -> BaseException:
    """The driver's error as a ServerError saying what to check (other errors as they are)."""
    neo4j = _neo4j()
    exc = neo4j.exceptions
    if isinstance(error, exc.AuthError):
        who = f"user {target.user or 'neo4j'!r}" if (target.user or target.password) \
            else "no credentials"
        return ServerError(f"Neo4j at {target.uri} refused the credentials ({who}); "
                           "check --user and --password-env")
    if isinstance(error, (exc.ServiceUnavailable, exc.SessionExpired, OSError)):
        return ServerError(f"cannot reach Neo4j at {target.uri}: is the server running "
                           f"and the URI right? ({_first_line(error)})")
    if isinstance(error, exc.Neo4jError):
        hint = ("; lower --transaction-rows or raise the server's transaction memory"
                if "OutOfMemory" in str(error.code) else "")
        return ServerError(f"Neo4j at {target.uri} answered {error.code}: "
                           f"{_first_line(error.message or error)}{hint}")
    if isinstance(error, exc.DriverError):
        return ServerError(f"Neo4j at {target.uri}: {_first_line(error)}")
    return error


def _first_line(error: Any) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def run_cypher(target: Neo4jTarget, query: str, parameters: dict | None = None) -> list[dict]:
    """Run one read-only query; each record as a dict (a node becomes the dict of its
    properties, a relationship a (start, type, end) triple). A query that writes fails."""
    driver = open_driver(target)
    try:
        with driver.session(database=target.database) as session:
            records = session.execute_read(
                lambda tx: [r.data() for r in tx.run(query, parameters or {})])
    except Exception as error:
        raise server_error(target, error) from error
    finally:
        driver.close()
    return records


# Cypher that makes the server reach outside itself: a user's query text with any of these
# runs only with allow_network (sendkg cypher --allow-network).
NETWORK_CYPHER = re.compile(
    r"\bLOAD\s+CSV\b|\bapoc\s*\.\s*(?:load|import|export|http|cypher|periodic|bolt|jdbc|mongo|"
    r"es|couchbase|redis|systemdb)\b|\bdbms\s*\.\s*(?:setConfig|security)|\bgds\s*\.\s*\w*"
    r"(?:export|write)", re.IGNORECASE)
PUSHES_UNDER_WAY = ("MATCH (m:SendkgPushInProgress) RETURN collect(DISTINCT m.dataset) "
                    "AS datasets")


def run_user_cypher(target: Neo4jTarget, query: str, parameters: dict | None = None,
                    write: bool = False,
                    allow_network: bool = False) -> tuple[list[dict], list[str]]:
    """Run Cypher a user wrote: (records as in run_cypher, warnings).

    Read-only unless `write` (a read transaction: the server refuses a write in it).
    Refuses (SendkgError) `LOAD CSV` and procedures that fetch, import or export
    (NETWORK_CYPHER) unless `allow_network`. Warns when a push is under way or was
    interrupted (its `SendkgPushInProgress` marker is set): answers may then mix the old
    and the new state of that dataset.
    """
    reach = NETWORK_CYPHER.search(query)
    if reach and not allow_network:
        raise SendkgError(f"refused: {reach.group(0)!r} makes the database server fetch or "
                          f"write outside itself; give --allow-network if that is meant")
    driver = open_driver(target)
    try:
        with driver.session(database=target.database) as session:
            pushing = session.execute_read(
                lambda tx: tx.run(PUSHES_UNDER_WAY).single()["datasets"])
            run = session.execute_write if write else session.execute_read
            records = run(lambda tx: [r.data() for r in tx.run(query, parameters or {})])
    except Exception as error:
        raise server_error(target, error) from error
    finally:
        driver.close()
    warnings = [f"a push of dataset {name!r} is under way or was interrupted: answers may "
                f"mix its old and new state (run `sendkg push` again to finish it)"
                for name in sorted(map(str, pushing))]
    return records, warnings
