SELECT `a`, [b c], ?, ?12, :p, @q, $r, x'ff' FROM t; -- end
/* a */ SELECT 1.5e+10, .5, 0x1F, 1_000;