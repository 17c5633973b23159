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
UNWIND CASE WHEN $publication = '' THEN [null] ELSE wanted END AS want
MATCH (x:Tally {family: 'cites:kind'})
WHERE want IS NULL OR x.pub = want
WITH x, CASE WHEN $include_negated THEN 1 ELSE 0 END + CASE WHEN $include_hypothetical THEN 2 ELSE 0 END AS v
WHERE x.n[v] > 0
WITH x.pub AS pub, collect({kind: x.kind, citations: x.n[v]}) AS kinds
WITH pub, kinds, reduce(t = 0, k IN kinds | t + k.citations) AS total
UNWIND kinds AS k
OPTIONAL MATCH (p:Publication {id: pub})
RETURN coalesce(p.name, pub) AS publication, k.kind AS source_kind, k.citations AS citations, total,
       round(1000.0 * k.citations / total) / 10.0 AS percent
ORDER BY publication, citations DESC, source_kind
LIMIT $limit;
