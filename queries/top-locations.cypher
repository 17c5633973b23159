// name: top-locations
// title: Most reported places
// description: Places with the most events (strikes and attacks): events, articles reporting them, event kinds, first and last date and casualties.
// param: level = "entity"  (entity|state) state folds every place into its country
// param: limit = 50  most rows returned
MATCH (e:Event)-[:IN]->(l:Location)
WITH CASE $level WHEN 'state' THEN coalesce(l.country, l.id) ELSE l.id END AS place, e
OPTIONAL MATCH (a:Article)-[:REPORTS]->(e)
WITH place, e, count(a) AS n_reports
WITH place, count(e) AS events, collect(n_reports) AS reports_each, collect(DISTINCT e.kind) AS kinds,
     min(e.date) AS first, max(e.date) AS last, collect(e.killed) AS killed_each, collect(e.injured) AS injured_each
WITH place, events, reduce(n = 0, k IN reports_each | n + k) AS reports, kinds, first, last,
     reduce(n = 0, k IN killed_each | n + k) AS killed, reduce(n = 0, k IN injured_each | n + k) AS injured
ORDER BY events DESC, reports DESC, place
LIMIT $limit
OPTIONAL MATCH (l:Location {id: place})
OPTIONAL MATCH (c:Location {id: l.country})
RETURN coalesce(l.name, place) AS place, c.name AS country, events, reports, kinds, first, last, killed, injured
ORDER BY events DESC, reports DESC, place;
