"""Treatment clients that the delivered identifiers cannot place: the part of the linkage error no
linker using them can avoid (`benchmarks/linkage_floor.py` turns it into published rates).

A treatment episode carries only initials, date of birth, sex, local authority and postcode district.
A client (provider and client number) none of whose episodes has a key or hand-over edge to a record
outside it can be placed only by those identifiers. Against the generator's truth each such client is
classed by the true people with a record outside it whose identifiers equal one of the client's
identifier versions on every field both carry, ranked by (postcode districts agree, versions matched):

- `unique`: its true person fits best, alone -- a linker can get it right;
- `tie`: its true person and someone else fit equally -- a linker that must choose is right 1 time in k;
- `lookalike`: someone else fits better than its true person (or the true person has no such record)
  -- a linker that follows the evidence goes wrong.

People who hold another client number at the same provider are not candidates (one client number per
person per provider, which the pipeline also knows). Clients that fit nobody exactly are not classed.

Police, custody and probation records carry full names, and two people can still be indistinguishable:
*namesakes*, whose records share surname, first forename, date of birth, sex and local authority and
who between them hold at most one PNC id (`classify_namesakes`). A linker that follows the evidence
makes them one person.

Clients that fit nobody exactly may still fit someone *within one slip* (`classify_slips`): initials
and date of birth one keying slip apart (a character changed, two swapped, day and month swapped),
sex, authority and postcode district as before, only named (police, custody, probation) people as
candidates. Such a fit may be the client's own person with a slip or a stranger known only to
treatment, and which is likelier depends on the evidence's pattern (the kind of slip, postcode
districts agreeing or one missing, a justice referral or none): on the national world a reversed pair
of initials with the district agreeing is the person 80 times in 81, a one-digit date-of-birth slip
with no referral 2 times in 3, the same with a district missing 1 time in 24. The floor's slip
variants keep such fits apart, join them, or decide each pattern the better way (the truth choosing
per pattern, never per client). Tables are created in the connection given, which must have
the warehouse attached as `wh`.
"""
from __future__ import annotations

from pathlib import Path

from continuum.linkage.prepare import _letters  # the names as linkage compares them

# every record falls in exactly one: a treatment client's class, or another feed's name
PLACEMENT_CLASSES = ("unique", "tie", "lookalike", "unclassed", "anchored", "police", "custody", "probation",
                     "namesake")

# each client's best-fitting candidates; people who hold another client number at the client's
# provider are not candidates (one client number per person per provider)
_BEST_OF = """CREATE OR REPLACE TABLE {best} AS
    SELECT f.* FROM {fits} f
    WHERE f.candidate = f.true_person OR NOT EXISTS (SELECT 1 FROM holds h
        WHERE h.person_id = f.candidate AND h.provider = f.provider AND h.client <> f.client)
    QUALIFY f.fit = max(f.fit) OVER (PARTITION BY f.client);"""

_ANALYSIS = """
CREATE OR REPLACE TABLE truth AS SELECT feed, record_key, person_id
    FROM read_csv('{record_persons}', header = true, all_varchar = true);
CREATE OR REPLACE TABLE rec AS
    SELECT i.feed || '|' || i.record_key AS uid, i.feed, i.record_key, t.person_id, i.initials,
           i.date_of_birth AS dob, i.sex, i.la_code, i.postcode_district AS pcd, i.handover_key,
           CASE WHEN i.feed = 'treatment' THEN coalesce(i.source_person_ref, i.feed || '|' || i.record_key) END AS client,
           CASE WHEN i.feed = 'treatment' THEN split_part(i.source_person_ref, ':', 1) END AS provider
    FROM wh.linkage_inputs.int_identity_records_unioned i JOIN truth t USING (feed, record_key);
-- the same records with the person the pipeline placed each in (read by every comparison with it)
CREATE OR REPLACE TABLE rec_placed AS
    SELECT r.*, p.person_key FROM rec r JOIN wh.linkage.person_records p USING (feed, record_key);
-- clients placed by a key or a hand-over: the linker has more than identifiers for them
CREATE OR REPLACE TABLE anchored AS
    WITH strong AS (SELECT uid_l AS u, uid_r AS v FROM wh.linkage.edges WHERE link_method <> 'probabilistic'
                    UNION ALL SELECT uid_r, uid_l FROM wh.linkage.edges WHERE link_method <> 'probabilistic')
    SELECT DISTINCT a.client FROM strong e JOIN rec a ON a.uid = e.u JOIN rec b ON b.uid = e.v
    WHERE a.client IS NOT NULL AND a.client IS DISTINCT FROM b.client;
CREATE OR REPLACE TABLE client_versions AS
    SELECT DISTINCT client, provider, person_id, initials, dob, sex, la_code, pcd FROM rec
    WHERE feed = 'treatment' AND client NOT IN (SELECT client FROM anchored);
CREATE OR REPLACE TABLE holds AS SELECT DISTINCT person_id, provider, client FROM rec WHERE feed = 'treatment';
-- filled by classify_namesakes
CREATE OR REPLACE TABLE namesake_of (person_id VARCHAR, merged_into VARCHAR);
-- every person with a record outside the client whose identifiers equal one of the client's
-- versions on all fields both carry; fit = (postcode districts agree, versions matched)
CREATE OR REPLACE TABLE fits AS
    SELECT v.client, any_value(v.provider) AS provider, any_value(v.person_id) AS true_person,
           r.person_id AS candidate,
           max(CASE WHEN v.pcd IS NOT NULL AND r.pcd IS NOT NULL THEN 1 ELSE 0 END) * 1000
               + count(DISTINCT (v.initials, v.dob, v.sex, v.la_code, v.pcd)) AS fit
    FROM client_versions v JOIN rec r
      ON r.initials = v.initials AND r.dob = v.dob AND r.sex = v.sex AND r.la_code = v.la_code
     AND (r.pcd IS NULL OR v.pcd IS NULL OR r.pcd = v.pcd) AND r.client IS DISTINCT FROM v.client
    GROUP BY v.client, r.person_id;
{best_of_fits}
CREATE OR REPLACE TABLE client_class AS
    SELECT client, any_value(true_person) AS true_person, count(*) AS equally_fitting,
           CASE WHEN bool_or(candidate = true_person) THEN
                    CASE WHEN count(*) > 1 THEN 'tie' ELSE 'unique' END
                ELSE 'lookalike' END AS class
    FROM best GROUP BY client;
"""


def classify_clients(con, record_persons_csv: Path) -> dict:
    """Create the tables above in `con` (warehouse attached as `wh`); return the figures by class."""
    con.execute(_ANALYSIS.format(record_persons=record_persons_csv,
                                best_of_fits=_BEST_OF.format(fits="fits", best="best")))
    q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    figures = {
        "treatment_clients": q("SELECT count(DISTINCT client) FROM rec WHERE feed = 'treatment'")[0][0],
        "clients_anchored": q("SELECT count(*) FROM anchored")[0][0],
        # the two assumptions the classes rest on, checked: a client number is one person, and a
        # person has one client number at a provider
        "clients_with_several_true_people": q("""SELECT count(*) FROM (SELECT client FROM rec
            WHERE feed = 'treatment' GROUP BY 1 HAVING count(DISTINCT person_id) > 1)""")[0][0],
        "people_with_two_clients_at_one_provider": q("""SELECT count(*) FROM (SELECT person_id, provider
            FROM holds GROUP BY 1, 2 HAVING count(*) > 1)""")[0][0],
    }
    figures["clients_by_class"] = dict(q("""SELECT class, count(*) FROM client_class GROUP BY 1 ORDER BY 1"""))
    figures["episodes_by_class"] = dict(q("""SELECT c.class, count(*) FROM rec r JOIN client_class c USING (client)
        GROUP BY 1 ORDER BY 1"""))
    figures["tie_sizes"] = dict(q("""SELECT equally_fitting, count(*) FROM client_class WHERE class = 'tie'
        GROUP BY 1 ORDER BY 1"""))
    # how the pipeline placed each class: with its true person (sharing a person with another of that
    # person's records, or alone when there is none, and with nobody else's records)
    figures["pipeline_placed_right_by_class"] = dict(q("""
        WITH pr AS (SELECT * FROM rec_placed),
             per_key AS (SELECT person_key, count(DISTINCT person_id) AS people FROM pr GROUP BY 1),
             client_key AS (SELECT client, any_value(person_key) AS person_key, any_value(person_id) AS person_id,
                                   count(DISTINCT person_key) AS keys FROM pr WHERE client IS NOT NULL GROUP BY 1),
             others AS (SELECT c.client, count(*) FILTER (WHERE o.person_key = c.person_key) AS with_key,
                               count(*) AS total
                        FROM client_key c JOIN pr o ON o.person_id = c.person_id AND o.client IS DISTINCT FROM c.client
                        GROUP BY 1)
        SELECT cc.class, count(*) FILTER (WHERE ck.keys = 1 AND k.people = 1
                                           AND (coalesce(o.total, 0) = 0 OR o.with_key > 0)) || ' of ' || count(*)
        FROM client_class cc JOIN client_key ck USING (client) JOIN per_key k USING (person_key)
        LEFT JOIN others o USING (client) GROUP BY 1 ORDER BY 1"""))
    return figures


_NAMESAKES = """
CREATE OR REPLACE TABLE justice_identity AS
    SELECT DISTINCT t.person_id, {letters_surname} AS surname, {letters_forename} AS forename,
           i.date_of_birth AS dob, i.sex, i.la_code
    FROM wh.linkage_inputs.int_identity_records_unioned i JOIN truth t USING (feed, record_key)
    WHERE i.feed <> 'treatment' AND i.date_of_birth IS NOT NULL AND i.sex IS NOT NULL AND i.la_code IS NOT NULL;
CREATE OR REPLACE TABLE person_pnc AS
    SELECT t.person_id, list(DISTINCT upper(trim(i.pnc_id))) AS pncs
    FROM wh.linkage_inputs.int_identity_records_unioned i JOIN truth t USING (feed, record_key)
    WHERE nullif(trim(i.pnc_id), '') IS NOT NULL GROUP BY 1;
CREATE OR REPLACE TABLE namesake_pairs AS
    SELECT DISTINCT a.person_id AS p, b.person_id AS q
    FROM justice_identity a JOIN justice_identity b USING (surname, forename, dob, sex, la_code)
    LEFT JOIN person_pnc pa ON pa.person_id = a.person_id LEFT JOIN person_pnc pb ON pb.person_id = b.person_id
    WHERE a.person_id < b.person_id AND a.surname IS NOT NULL AND a.forename IS NOT NULL
      AND len(list_distinct(coalesce(pa.pncs, []) || coalesce(pb.pncs, []))) <= 1;
CREATE OR REPLACE TABLE namesake_of AS
    SELECT person_id, person_id AS merged_into FROM (SELECT p AS person_id FROM namesake_pairs
                                                     UNION SELECT q FROM namesake_pairs);
"""


def classify_namesakes(con) -> dict:
    """After `classify_clients`: table `namesake_of(person_id, merged_into)`, every true person with a
    namesake and the person its namesake group becomes (the group's first person id: groups chain when
    a person's records carry two name versions). Returns the groups, people and records involved."""
    con.execute(_NAMESAKES.format(
        letters_surname=_letters("i.surname"),
        letters_forename=_letters("coalesce(i.first_forename, split_part(trim(i.forenames), ' ', 1))")))
    while con.execute("""UPDATE namesake_of n SET merged_into = m.lowest FROM (
            SELECT x.person_id, min(y.merged_into) AS lowest
            FROM namesake_of x JOIN (SELECT p AS a, q AS b FROM namesake_pairs UNION ALL
                                     SELECT q, p FROM namesake_pairs) e ON e.a = x.person_id
            JOIN namesake_of y ON y.person_id = e.b GROUP BY 1) m
        WHERE n.person_id = m.person_id AND m.lowest < n.merged_into""").fetchone()[0]:
        pass
    q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    return {"namesake_groups": q("SELECT count(DISTINCT merged_into) FROM namesake_of"),
            "namesake_people": q("SELECT count(*) FROM namesake_of"),
            "namesake_records": q("""SELECT count(*) FROM rec JOIN namesake_of USING (person_id)
                                     WHERE feed <> 'treatment'"""),
            # groups the pipeline made one person, as the evidence says (some person of its holds
            # justice records of two of the group's people)
            "namesake_groups_the_pipeline_merged": q("""SELECT count(DISTINCT merged_into) FROM (
                SELECT n.merged_into FROM rec_placed r JOIN namesake_of n USING (person_id)
                WHERE r.feed <> 'treatment' GROUP BY n.merged_into, r.person_key HAVING count(DISTINCT r.person_id) > 1)""")}


_SLIPS = """
-- clients no record fits exactly (not classed), and whether a justice agency referred one of their
-- episodes (a hand-over key: the pipeline's sign that the person is in the justice feeds)
CREATE OR REPLACE TABLE slip_versions AS
    SELECT v.* FROM client_versions v WHERE v.client NOT IN (SELECT client FROM client_class);
CREATE OR REPLACE TABLE referred_clients AS
    SELECT DISTINCT client FROM rec WHERE feed = 'treatment' AND handover_key IS NOT NULL;
-- named people with a record one slip from a client's version: initials equal and the date of birth
-- one slip off, or the date of birth equal and the initials one slip off; sex, authority and
-- postcode district as for exact fits, and so is `fit`; `pattern` is the evidence a linker sees
-- (postcode districts agreeing or one missing, the kind of slip) of the best-fitting version
CREATE OR REPLACE TABLE slip_fits AS
    WITH named AS (SELECT * FROM rec WHERE feed <> 'treatment'),
    near AS (
        SELECT v.client, v.provider, v.person_id AS true_person, r.person_id AS candidate, v.initials, v.dob, v.sex,
               v.la_code, v.pcd, r.pcd AS r_pcd,
               CASE WHEN month(r.dob) = day(v.dob) AND day(r.dob) = month(v.dob) AND year(r.dob) = year(v.dob)
                    THEN 'day and month swapped' ELSE 'date of birth slip' END AS slip,
               {dob_one_apart} AS one_apart
        FROM slip_versions v JOIN named r ON r.initials = v.initials AND r.sex = v.sex AND r.la_code = v.la_code
        WHERE r.dob <> v.dob AND {dob_one_slip}
        UNION ALL
        SELECT v.client, v.provider, v.person_id, r.person_id, v.initials, v.dob, v.sex, v.la_code, v.pcd, r.pcd,
               CASE WHEN r.initials = reverse(v.initials) THEN 'initials reversed' ELSE 'initials slip' END,
               false
        FROM slip_versions v JOIN named r ON r.dob = v.dob AND r.sex = v.sex AND r.la_code = v.la_code
        WHERE r.initials <> v.initials AND damerau_levenshtein(r.initials, v.initials) <= 1),
    scored AS (
        SELECT *, CASE WHEN pcd IS NOT NULL AND r_pcd IS NOT NULL THEN 1 ELSE 0 END AS pcd_agree FROM near
        WHERE r_pcd IS NULL OR pcd IS NULL OR r_pcd = pcd)
    SELECT client, any_value(provider) AS provider, any_value(true_person) AS true_person, candidate,
           max(pcd_agree) * 1000 + count(DISTINCT (initials, dob, sex, la_code, pcd)) AS fit,
           arg_max(CASE WHEN pcd_agree = 1 THEN 'postcode district agrees, ' ELSE 'a postcode district missing, ' END
                   || slip, (pcd_agree, slip)) AS pattern,
           bool_or(one_apart) AS one_apart
    FROM scored GROUP BY client, candidate;
{best_of_slip_fits}
CREATE OR REPLACE TABLE slip_class AS
    SELECT client, any_value(true_person) AS true_person, client IN (SELECT client FROM referred_clients) AS referred,
           any_value(pattern) AS pattern,
           CASE WHEN count(*) > 1 THEN 'slip tie'
                WHEN bool_or(candidate = true_person) THEN 'slip unique' ELSE 'slip lookalike' END AS class
    FROM slip_best GROUP BY client;
"""
_SOLE_FITS_BY_PATTERN = """SELECT pattern, referred, count(*) FILTER (WHERE class = 'slip unique') AS own,
    count(*) FILTER (WHERE class = 'slip lookalike') AS stranger FROM slip_class WHERE class <> 'slip tie'
    GROUP BY pattern, referred"""
_DOB_KIND_OF_SOLE_FITS = """SELECT c.pattern, c.referred,
        CASE WHEN b.one_apart THEN 'a day, a month or a year one out, or the year ten out'
             ELSE 'another one-character slip' END AS kind,
        count(*) FILTER (WHERE c.class = 'slip unique') AS own,
        count(*) FILTER (WHERE c.class = 'slip lookalike') AS stranger
    FROM slip_class c JOIN slip_best b USING (client)
    WHERE c.class <> 'slip tie' AND c.pattern LIKE '%date of birth slip' GROUP BY ALL ORDER BY ALL"""
# one keying slip in a date of birth: day and month swapped, or one character of YYYY-MM-DD changed,
# dropped, added or swapped with its neighbour (as linkage/settings.json's dob_compatible_sql)
_DOB_ONE_SLIP = """((year(r.dob) = year(v.dob) AND month(r.dob) = day(v.dob) AND day(r.dob) = month(v.dob))
    OR damerau_levenshtein(strftime(r.dob, '%Y-%m-%d'), strftime(v.dob, '%Y-%m-%d')) <= 1)"""
# the slips of a date of birth that keep it near (a day, a month or a year out, or the year ten out):
# a person's own mis-keyed date mostly stays near, a stranger's date one character off lands anywhere
_DOB_ONE_APART = """(abs(r.dob - v.dob) = 1
    OR (year(r.dob) = year(v.dob) AND day(r.dob) = day(v.dob) AND abs(month(r.dob) - month(v.dob)) = 1)
    OR (month(r.dob) = month(v.dob) AND day(r.dob) = day(v.dob) AND abs(year(r.dob) - year(v.dob)) IN (1, 10)))"""


def classify_slips(con) -> dict:
    """After `classify_clients`: tables `slip_best` (client, candidate) and `slip_class` (client,
    true_person, referred, class: `slip unique`, `slip tie` or `slip lookalike`) for the clients no
    record fits exactly but a named person's fits within one slip. Returns clients by class and by
    whether a justice agency referred them, and how many of each the pipeline placed with their person."""
    con.execute(_SLIPS.format(dob_one_slip=_DOB_ONE_SLIP, dob_one_apart=_DOB_ONE_APART,
                             best_of_slip_fits=_BEST_OF.format(fits="slip_fits", best="slip_best")))
    q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    return {"slip_clients_by_class": {f"{cls}, {'referred' if ref else 'identifiers only'}": n for cls, ref, n in q(
        "SELECT class, referred, count(*) FROM slip_class GROUP BY 1, 2 ORDER BY 1, 2")},
        # sole fits by the evidence a linker sees: how many are the client's own person, how many a stranger
        "slip_sole_fits_by_pattern": {
            f"{pattern}, {'referred' if ref else 'identifiers only'}": f"{own} own, {other} stranger"
            for pattern, ref, own, other in q(_SOLE_FITS_BY_PATTERN + " ORDER BY 1, 2")},
        # the date-of-birth slips of those sole fits by kind (a linker can tell the kinds apart)
        "slip_sole_fits_by_date_kind": {
            f"{pattern}, {'referred' if ref else 'identifiers only'}, {kind}": f"{own} own, {other} stranger"
            for pattern, ref, kind, own, other in q(_DOB_KIND_OF_SOLE_FITS)},
        # the pipeline put the client with its best slip fit (some record of that person shares its person)
        "slip_clients_the_pipeline_joined": dict(q("""
            WITH pr AS (SELECT person_id, client, person_key FROM rec_placed)
            SELECT c.class, count(DISTINCT c.client) FROM slip_class c JOIN slip_best b USING (client)
            JOIN pr t ON t.client = c.client JOIN pr o ON o.person_id = b.candidate AND o.client IS NULL
            WHERE o.person_key = t.person_key GROUP BY 1 ORDER BY 1"""))}


def floor_assignment(con, classes: tuple[str, ...], ties: str, draw: int, out: Path,
                     namesakes: bool = False, slips: str | None = None) -> int:
    """Write (feed, record_key, person_key) for every record: the truth, except the named classes'
    clients, which go to one of their best-fitting people (drawn by a hash of client, person, draw),
    or with `ties="apart"` a tie to a person of its own; with `namesakes` (after
    `classify_namesakes`), each namesake group is then one person. With `slips` (after
    `classify_slips`), clients that fit only within one slip are placed as a linker must place them:
    a tie apart; a sole fit with that person when the pattern of evidence it shows (kind of slip,
    postcode districts, whether a justice agency referred the client) is more often its own person
    than a stranger among all sole fits (`slips="by pattern"`: the truth chooses the policy for each
    pattern, never for a client -- the best a linker deciding on that evidence can do); or a referred
    client with it and one nothing but identifiers speaks for kept apart (`slips="apart"`) or with it
    too (`slips="joined"`). Kept apart is a person of its own, or its true person when that has no
    other record. Returns the records moved off their true person (in expectation, a drawn tie moves
    1 - 1/k of them)."""
    listed = ", ".join(f"'{c}'" for c in classes)
    apart = "c.class = 'tie'" if ties == "apart" else "false"
    con.execute(f"""CREATE OR REPLACE TABLE pick AS
        SELECT b.client, CASE WHEN {apart} THEN 'apart_' || b.client
                         ELSE arg_min(b.candidate, hash(b.client || '|' || b.candidate || '|{draw}')) END AS person_id
        FROM best b JOIN client_class c USING (client) WHERE c.class IN ({listed}) GROUP BY b.client, c.class""")
    if slips is not None:
        by_pattern = (f"(c.pattern, c.referred) IN (SELECT (pattern, referred) "
                      f"FROM ({_SOLE_FITS_BY_PATTERN}) WHERE own > stranger)")
        joined = {"apart": "c.referred", "joined": "true", "by pattern": by_pattern}.get(slips)
        if joined is None:
            raise ValueError(f"slips must be 'apart', 'joined' or 'by pattern', not {slips!r}")
        con.execute(f"""INSERT INTO pick
            SELECT c.client, CASE
                WHEN c.class = 'slip tie' OR NOT ({joined}) THEN
                     CASE WHEN EXISTS (SELECT 1 FROM rec r WHERE r.person_id = c.true_person
                                       AND r.client IS DISTINCT FROM c.client)
                          THEN 'apart_' || c.client ELSE c.true_person END
                ELSE any_value(b.candidate) END
            FROM slip_class c JOIN slip_best b USING (client)
            GROUP BY c.client, c.class, c.referred, c.pattern, c.true_person""")
    return _write_people(con, "client", out, merged="namesake_of" if namesakes else None)


def pipeline_assignment(con, classes: tuple[str, ...], out: Path) -> int:
    """Write (feed, record_key, person_key) for every record: the truth, except the named classes'
    records, which are placed as the pipeline placed them, in true people. Classes: a treatment
    client's (`unique`, `tie`, `lookalike`, `anchored`, or `unclassed`: no key and no exact fit) or
    another feed's (`police`, `custody`, `probation`), except that the justice records of namesakes
    (after `classify_namesakes`) are `namesake`. Each pipeline person is named for the true
    person most of its records belong to if it is where most of that person's police, custody and
    probation records are (or most of their records, for someone known only to treatment), and
    otherwise for itself, so a treatment client split off is judged against the person's justice
    records; with every class named, the assignment is the pipeline's own. So the
    published error each class of the pipeline's placements causes can be rebuilt on its own.
    Returns the records moved off their true person."""
    listed = ", ".join(f"'{c}'" for c in classes)
    con.execute(f"""CREATE OR REPLACE TABLE pick AS
        WITH placed AS (SELECT uid, feed, client, person_id, person_key FROM rec_placed),
             cls AS (SELECT uid, CASE WHEN client IS NULL AND person_id IN (SELECT person_id FROM namesake_of)
                                           THEN 'namesake'
                                      WHEN client IS NULL THEN feed
                                      WHEN client IN (SELECT client FROM anchored) THEN 'anchored'
                                      ELSE coalesce((SELECT class FROM client_class c WHERE c.client = placed.client),
                                                    'unclassed') END AS class
                     FROM placed),
             cell AS (SELECT person_key, person_id, count(*) AS n,
                             count(*) FILTER (WHERE feed <> 'treatment') AS n_justice FROM placed GROUP BY ALL),
             majority AS (SELECT person_key, arg_max(person_id, (n, person_id)) AS person_id FROM cell GROUP BY 1),
             home AS (SELECT person_id, arg_max(person_key, (n_justice, n, person_key)) AS person_key
                      FROM cell GROUP BY 1),
             named AS (SELECT m.person_key, CASE WHEN h.person_key = m.person_key THEN m.person_id
                                                 ELSE 'split_' || m.person_key END AS person_id
                       FROM majority m JOIN home h USING (person_id))
        SELECT pl.uid, n.person_id FROM placed pl JOIN cls USING (uid) JOIN named n USING (person_key)
        WHERE cls.class IN ({listed})""")
    return _write_people(con, "uid", out)


def _write_people(con, by: str, out: Path, merged: str | None = None) -> int:
    """Every record on its true person unless the `pick` table (joined on `by`) places it, and then
    on the person `merged` (person_id, merged_into) makes of that one; written to `out` as
    (feed, record_key, person_key). Returns the records moved off their true person."""
    merged_sql = f"SELECT person_id, merged_into FROM {merged or 'namesake_of WHERE false'}"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE placed AS
        WITH m AS ({merged_sql}), first AS (
            SELECT r.feed, r.record_key, r.person_id AS true_person, coalesce(p.person_id, r.person_id) AS person_id
            FROM rec r LEFT JOIN pick p USING ({by}))
        SELECT f.feed, f.record_key, f.true_person, coalesce(m.merged_into, f.person_id) AS person_id
        FROM first f LEFT JOIN m USING (person_id)""")
    con.execute(f"""COPY (SELECT feed, record_key, 'truth_' || person_id AS person_key FROM placed)
        TO '{out}' (FORMAT parquet)""")
    return con.execute("SELECT count(*) FROM placed WHERE person_id <> true_person").fetchone()[0]
