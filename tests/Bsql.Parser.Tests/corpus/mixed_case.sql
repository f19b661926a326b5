-- Keywords are case-insensitive; identifiers keep their case.
select a, B, cOuNt(*) as Cnt from MyTable where X is not null group by a, B;
Create Table Foo (Id Bigint Not Null, Name Varchar(10), Primary Key (Id) Not Enforced) With ('connector' = 'print');
insert into Foo select id, name from Bar;
select * from a left join b on a.id = b.id;
select case when x then 1 else 2 end from t;
explain plan for select 1;
SELECT a FROM t -- trailing comment
WHERE /* inline */ b = 1;
