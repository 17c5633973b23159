// name: source-reliance
// title: Source reliance by publication
// description: Per publication, the share of citations by kind of source: government, military, state media, media, NGO, UN and international, anonymous officials, armed group, person, other.
// param: publication = ""  only this publication (id or name); empty = all
// param: include_negated = false  also count negated attributions
// param: include_hypothetical = false  also count hypothetical attributions
// param: limit = 200  most rows returned
OPTIONAL MATCH (wanted:Publication)
WHERE $publication <> '' AND (wanted.id = $publication OR toLower(wanted.name) = toLower($publication))
WITH collect(wanted.id) AS wanted
MATCH (:Article)-[c:CITES]->(x:Actor)
WHERE ($publication = '' OR c.publication IN wanted)
  AND ($include_negated OR NOT coalesce(c.negated, false))
  AND ($include_hypothetical OR NOT coalesce(c.hypothetical, false))
WITH c.publication AS pub, x, count(c) AS n
OPTIONAL MATCH (x)-[:PART_OF]->(up:Actor)
WITH pub, x, n, collect(up)[0] AS up
WITH pub, x, n, CASE WHEN x.kind = 'person' AND up IS NOT NULL THEN up ELSE x END AS org
WITH pub, n, CASE
    WHEN x.kind IN ['person', 'group', 'other']
      AND (toLower(x.name) CONTAINS 'official' OR toLower(x.name) CONTAINS 'source') THEN 'anonymous officials'
    WHEN org.kind = 'media' AND org.parent IS NOT NULL THEN 'state media'
    WHEN org.kind = 'media' THEN 'media'
    WHEN org.kind IN ['state', 'government_body'] THEN 'government'
    WHEN org.kind IN ['military', 'coalition'] THEN 'military'
    WHEN org.kind = 'ngo' THEN 'NGO'
    WHEN org.kind = 'international_org' THEN 'UN and international'
    WHEN org.kind = 'armed_group' THEN 'armed group'
    WHEN org.kind = 'person' THEN 'person'
    ELSE 'other' END AS source_kind
WITH pub, source_kind, collect(n) AS each
WITH pub, source_kind, reduce(t = 0, k IN each | t + k) AS citations
WITH pub, collect({kind: source_kind, citations: citations}) AS kinds
WITH pub, kinds, reduce(t = 0, k IN kinds | t + k.citations) AS total
UNWIND kinds AS k
OPTIONAL MATCH (p:Publication {id: pub})
RETURN coalesce(p.name, pub) AS publication, k.kind AS source_kind, k.citations AS citations, total,
       round(1000.0 * k.citations / total) / 10.0 AS percent
ORDER BY publication, citations DESC, source_kind
LIMIT $limit;
