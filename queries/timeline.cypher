// name: timeline
// title: Statements by month and type
// description: Statements (ACCUSES, DENIES, STRIKES, CITES) per month and type, with the number of articles, between two dates.
// param: from = ""  earliest date, an ISO prefix such as 2017 or 2017-04; empty = no lower bound
// param: to = ""  latest date, inclusive, an ISO prefix such as 2017-12; empty = no upper bound
// param: include_negated = false  also count negated statements
// param: include_hypothetical = false  also count hypothetical statements
// param: limit = 500  most rows returned
MATCH (x:Tally {family: 'day'})
WITH x, CASE WHEN $include_negated THEN 1 ELSE 0 END + CASE WHEN $include_hypothetical THEN 2 ELSE 0 END AS v
WHERE x.n[v] > 0 AND x.date >= $from AND ($to = '' OR left(x.date, size($to)) <= $to)
WITH left(x.date, 7) AS month, x.type AS type, toInteger(sum(x.n[v])) AS statements,
     toInteger(sum(x.articles[v])) AS articles
RETURN month, type, statements, articles
ORDER BY month, type
LIMIT $limit;
