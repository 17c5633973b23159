// name: top-locations
// title: Most reported places
// description: Places with the most events (strikes and attacks): events, articles reporting them, event kinds, first and last date and casualties.
// param: level = "entity"  (entity|state) state folds every place into its country
// param: limit = 50  most rows returned
MATCH (x:Tally {family: 'place'})
OPTIONAL MATCH (at:Location {id: x.place})
WITH CASE $level WHEN 'state' THEN coalesce(at.country, x.place) ELSE x.place END AS place, x
WITH place, toInteger(sum(x.events)) AS events, toInteger(sum(x.reports)) AS reports, collect(x.kinds) AS kinds_each,
     min(CASE WHEN x.first = '' THEN null ELSE x.first END) AS first,
     max(CASE WHEN x.last = '' THEN null ELSE x.last END) AS last, collect(x.killed) AS killed_each,
     collect(x.injured) AS injured_each
ORDER BY events DESC, reports DESC, place
LIMIT $limit
WITH place, events, reports, first, last, reduce(n = 0, k IN killed_each | n + k) AS killed,
     reduce(n = 0, k IN injured_each | n + k) AS injured, reduce(all = [], ks IN kinds_each | all + ks) AS kinds
UNWIND CASE WHEN size(kinds) = 0 THEN [null] ELSE kinds END AS kind
WITH DISTINCT place, events, reports, first, last, killed, injured, kind
ORDER BY kind
WITH place, events, reports, first, last, killed, injured, collect(kind) AS kinds
OPTIONAL MATCH (l:Location {id: place})
OPTIONAL MATCH (c:Location {id: l.country})
RETURN coalesce(l.name, place) AS place, c.name AS country, events, reports, kinds, first, last, killed, injured
ORDER BY events DESC, reports DESC, place;
