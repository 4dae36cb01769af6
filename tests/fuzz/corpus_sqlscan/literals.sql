SELECT 'a''b', "c""d", E'e\'f', X'00', B'01', N'n', U&'\0041', U&"x", $$dollar$$, $t$ tagged $t$ FROM t WHERE a -- comment
 AND b /* block /* nested */ */ = $1;