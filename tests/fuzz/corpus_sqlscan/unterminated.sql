'abc
"def
/* ghi
$x$ jkl
[mno
`pqr