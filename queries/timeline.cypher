// name: timeline
// title: Statements by month and type
// description: Statements (ACCUSES, DENIES, STRIKES, CITES) per month and type, with the number of articles, between two dates.
// param: from = ""  earliest date, an ISO prefix such as 2017 or 2017-04; empty = no lower bound
// param: to = ""  latest date, inclusive, an ISO prefix such as 2017-12; empty = no upper bound
// param: include_negated = false  also count negated statements
// param: include_hypothetical = false  also count hypothetical statements
// param: limit = 500  most rows returned
MATCH ()-[r:ACCUSES|DENIES|STRIKES|CITES]->()
WHERE r.date IS NOT NULL AND r.date >= $from AND ($to = '' OR left(r.date, size($to)) <= $to)
  AND ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
RETURN left(r.date, 7) AS month, type(r) AS type, count(r) AS statements, count(DISTINCT r.article) AS articles
ORDER BY month, type
LIMIT $limit;
