-- warning[drop-table] (data loss): table "T"-- schemac:section preDROP TABLE "T";
-- schemac:section post  	
SELECT 1;