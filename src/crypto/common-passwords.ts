/**
 * The blocklist of common passwords that `checkPasswordPolicy` refuses (ASVS v5.0.0-6.2.4,
 * checklist CL-38): 7211 lowercase entries, 6790 of them 8 characters or longer, the rest
 * 4–7-letter words used to catch a common word with a little decoration (`monkey2024!`).
 *
 * No breach corpus is shipped or downloaded. The list is generated from the patterns that
 * dominate every published top-N list: the best-known passwords themselves, common words, names,
 * pets, teams and brands with digit, year and symbol suffixes, `ilove…`/`my…` phrases, keyboard
 * walks (`qwertyuiop`, `1qaz2wsx`) and digit runs (`12345678`, `11111111`, `20242024`).
 * Matching is case-insensitive and undoes common leetspeak, so only lowercase forms are stored.
 *
 * Kept as one string, split into a `Set` on first use, so importing the module costs nothing.
 *
 * @module
 */

/** Whitespace-separated, lowercase, sorted. */
export const COMMON_PASSWORDS: string = `
!qaz2wsx !qaz@wsx !qaz@wsx# !qaz@wsx#e !qaz@wsx#ed !qaz@wsx#edc 00000000 000000000 0000000000
00000000000 000000000000 01010101 01011970 01011971 01011972 01011973 01011974 01011975 01011976
01011977 01011978 01011979 01011980 01011981 01011982 01011983 01011984 01011985 01011986 01011987
01011988 01011989 01011990 01011991 01011992 01011993 01011994 01011995 01011996 01011997 01011998
01011999 01012000 01012001 01012002 01012003 01012004 01012005 01012006 01012007 01012008 01012009
01012010 01012011 01012012 01012013 01012014 01012015 01012016 01012017 01012018 01012019 01012020
01012021 01012022 01012023 01012024 01012025 01012026 01012027 01012028 01012029 01012030 01234567
012345678 0123456789 01234567890 09876543 098765432 0987654321 09876543210 0okm9ijn 10101010
10203040 1020304050 10987654 109876543 1098765432 10987654321 11111111 111111111 1111111111
11111111111 111111111111 11112222 112112112 112112112112 112112112112112 11221122 112211221122
1122112211221122 11223344 121121121 121121121121 121121121121121 12121212 1212121212 123123123
123123123123 123123123123123 12341234 123412341234 1234123412341234 12341970 12341971 12341972
12341973 12341974 12341975 12341976 12341977 12341978 12341979 12341980 12341981 12341982 12341983
12341984 12341985 12341986 12341987 12341988 12341989 12341990 12341991 12341992 12341993 12341994
12341995 12341996 12341997 12341998 12341999 12342000 12342001 12342002 12342003 12342004 12342005
12342006 12342007 12342008 12342009 12342010 12342011 12342012 12342013 12342014 12342015 12342016
12342017 12342018 12342019 12342020 12342021 12342022 12342023 12342024 12342025 12342026 12342027
12342028 12342029 12342030 12344321 1234512345 123451234512345 1234554321 12345678 123456789
1234567890 12345678901 12345678910 123456789a 12345678a 1234qwer 1234qwera 1234qweras 1234qwerasd
1234qwerasdf 1234qwerasdfz 1234qwerasdfzx 1234qwerasdfzxc 1234qwerasdfzxcv 123abc01 123abc1!
123abc12 123abc123 123abc1234 123abc12345 123abc123abc 123abc4ever 123abc69 123abcpass 123asd45
123asd456 123qweas 123qweasd 123qweasdz 123qweasdzx 123qweasdzxc 13131313 1313131313 14141414
14725836 147258369 159357456 15975348 159753486 19701234 19701970 19701970! 19711234 19711971
19711971! 19721234 19721972 19721972! 19731234 19731973 19731973! 19741234 19741974 19741974!
19751234 19751975 19751975! 19761234 19761976 19761976! 19771234 19771977 19771977! 19781234
19781978 19781978! 19791234 19791979 19791979! 19801234 19801980 19801980! 19811234 19811981
19811981! 19821234 19821982 19821982! 19831234 19831983 19831983! 19841234 19841984 19841984!
19851234 19851985 19851985! 19861234 19861986 19861986! 19871234 19871987 19871987! 19881234
19881988 19881988! 19891234 19891989 19891989! 19901234 19901990 19901990! 19911234 19911991
19911991! 19921234 19921992 19921992! 19931234 19931993 19931993! 19941234 19941994 19941994!
19951234 19951995 19951995! 19961234 19961996 19961996! 19971234 19971997 19971997! 19981234
19981998 19981998! 19991234 19991999 19991999! 1a2b3c4d 1q1q1q1q 1q2w3e4r 1q2w3e4r5 1q2w3e4r5t
1q2w3e4r5t6 1q2w3e4r5t6y 1q2w3e4r5t6y7 1q2w3e4r5t6y7u 1q2w3e4r5t6y7u8 1q2w3e4r5t6y7u8i
1q2w3e4r5t6y7u8i9 1q2w3e4r5t6y7u8i9o 1q2w3e4r5t6y7u8i9o0 1q2w3e4r5t6y7u8i9o0p 1qaz!qaz 1qaz1qaz
1qaz1qaz1qaz 1qaz1qaz1qaz1qaz 1qaz2wsx 1qaz2wsx3 1qaz2wsx3e 1qaz2wsx3ed 1qaz2wsx3edc 1qaz2wsx3edc4
1qaz2wsx3edc4r 1qaz2wsx3edc4rf 1qaz2wsx3edc4rfv 1qaz2wsx3edc4rfv5 1qaz2wsx3edc4rfv5t
1qaz2wsx3edc4rfv5tg 1qaz2wsx3edc4rfv5tgb 1qaz@wsx 1qazxsw2 1qw23er4 1qw23er45 1qw23er45t
1qw23er45ty 1qw23er45ty6 1s2d3f4g 1s2d3f4g5 1s2d3f4g5h 1s2d3f4g5h6 1w2e3r4t 1w2e3r4t5 1w2e3r4t5y
1w2e3r4t5y6 1xsw2cde 1xsw2cde3 1xsw2cde3v 1xsw2cde3vf 1xsw2cde3vfr 1xsw2cde3vfr4 1z2x3c4v 20001234
20002000 20002000! 20011234 20012001 20012001! 20021234 20022002 20022002! 20031234 20032003
20032003! 20041234 20042004 20042004! 20051234 20052005 20052005! 20061234 20062006 20062006!
20071234 20072007 20072007! 20081234 20082008 20082008! 20091234 20092009 20092009! 20101234
20102010 20102010! 20111234 20112011 20112011! 20121234 20122012 20122012! 20131234 20132013
20132013! 20141234 20142014 20142014! 20151234 20152015 20152015! 20161234 20162016 20162016!
20171234 20172017 20172017! 20181234 20182018 20182018! 20191234 20192019 20192019! 20201234
20202020 20202020! 20211234 20212021 20212021! 20221234 20222022 20222022! 20231234 20232023
20232023! 20241234 20242024 20242024! 20251234 20252025 20252025! 20261234 20262026 20262026!
20271234 20272027 20272027! 20281234 20282028 20282028! 20291234 20292029 20292029! 20301234
20302030 20302030! 21098765 210987654 2109876543 21098765432 21212121 22222222 222222222
2222222222 22222222222 222222222222 23456789 234567890 2345678901 23456789012 234qwera 234qweras
234qwerasd 234qwerasdf 234qwerasdfz 234qwerasdfzx 234qwerasdfzxc 234qwerasdfzxcv 23asd456 23er45ty
23er45ty6 23qweasd 23qweasdz 23qweasdzx 23qweasdzxc 2cde3vfr 2cde3vfr4 2d3f4g5h 2d3f4g5h6 2e3r4t5y
2e3r4t5y6 2w3e4r5t 2w3e4r5t6 2w3e4r5t6y 2w3e4r5t6y7 2w3e4r5t6y7u 2w3e4r5t6y7u8 2w3e4r5t6y7u8i
2w3e4r5t6y7u8i9 2w3e4r5t6y7u8i9o 2w3e4r5t6y7u8i9o0 2w3e4r5t6y7u8i9o0p 2wsx3edc 2wsx3edc4
2wsx3edc4r 2wsx3edc4rf 2wsx3edc4rfv 2wsx3edc4rfv5 2wsx3edc4rfv5t 2wsx3edc4rfv5tg 2wsx3edc4rfv5tgb
32109876 321098765 3210987654 32109876543 321ewqdsacxz 33333333 333333333 3333333333 33333333333
333333333333 34567890 345678901 3456789012 34567890123 34qweras 34qwerasd 34qwerasdf 34qwerasdfz
34qwerasdfzx 34qwerasdfzxc 34qwerasdfzxcv 369258147 3e4r5t6y 3e4r5t6y7 3e4r5t6y7u 3e4r5t6y7u8
3e4r5t6y7u8i 3e4r5t6y7u8i9 3e4r5t6y7u8i9o 3e4r5t6y7u8i9o0 3e4r5t6y7u8i9o0p 3edc4rfv 3edc4rfv5
3edc4rfv5t 3edc4rfv5tg 3edc4rfv5tgb 3er45ty6 3qweasdz 3qweasdzx 3qweasdzxc 41852963 43210987
432109876 4321098765 43210987654 44444444 444444444 4444444444 44444444444 444444444444 45678901
456789012 4567890123 45678901234 47258369 4qwerasd 4qwerasdf 4qwerasdfz 4qwerasdfzx 4qwerasdfzxc
4qwerasdfzxcv 4r5t6y7u 4r5t6y7u8 4r5t6y7u8i 4r5t6y7u8i9 4r5t6y7u8i9o 4r5t6y7u8i9o0 4r5t6y7u8i9o0p
4rfv3edc2wsx1qaz 4rfv5tgb 54321098 543210987 5432109876 54321098765 55555555 555555555 5555555555
55555555555 555555555555 56789012 567890123 5678901234 56789012345 59753486 5t6y7u8i 5t6y7u8i9
5t6y7u8i9o 5t6y7u8i9o0 5t6y7u8i9o0p 63852741 65432109 654321098 6543210987 65432109876
654dsa321ewq 66666666 666666666 6666666666 66666666666 666666666666 67890123 678901234 6789012345
67890123456 684357951 69696969 696969696 6969696969 6h5g4f3d2s1a 6y5t4r3e2w1q 6y7u8i9o 6y7u8i9o0
6y7u8i9o0p 6yt54re32wq1 74185296 741852963 76543210 765432109 7654321098 76543210987 77777777
777777777 7777777777 77777777777 777777777777 78901234 789012345 7890123456 78901234567 789456123
7u8i9o0p 87654321 876543210 8765432109 87654321098 88888888 888888888 8888888888 88888888888
888888888888 89012345 890123456 8901234567 89012345678 90123456 901234567 9012345678 90123456789
96385274 963852741 98765432 987654321 9876543210 98765432109 99999999 999999999 9999999999
99999999999 999999999999 @wsx#edc a123456789 a1b2c3d4 a1s2d3f4 a1s2d3f4g a1s2d3f4g5 a1s2d3f4g5h
a1s2d3f4g5h6 aa123456 aaaaaaaa aaaaaaaaaaaa aaaaaaaaaaaaaaaa abc12301 abc1231! abc12312 abc123123
abc1231234 abc12312345 abc12345 abc1234ever abc12369 abc123abc123 abc123pass abc4ever abcabc
abcabc01 abcabc1! abcabc12 abcabc123 abcabc1234 abcabc12345 abcabc4ever abcabc69 abcabcabc
abcabcabcabc abcabcpass abcd abcd1234 abcd12345 abcd4ever abcdabcd abcdabcdabcd abcdabcdabcdabcd
abcdef abcdef01 abcdef1! abcdef12 abcdef123 abcdef1234 abcdef12345 abcdef4ever abcdef69
abcdefabcdef abcdefg1 abcdefgh abcdefpass abcdpass abigail abigail! abigail01 abigail1 abigail1!
abigail12 abigail123 abigail1234 abigail12345 abigail4ever abigail69 abigailabigail abigailpass
access access01 access1! access12 access123 access1234 access12345 access14 access4ever access69
accessaccess accesspass adam adam1234 adam12345 adam4ever adamadam adampass adidas adidas01
adidas1! adidas12 adidas123 adidas1234 adidas12345 adidas4ever adidas69 adidasadidas adidaspass
admin admin123 admin1234 admin12345 admin1970 admin1971 admin1972 admin1973 admin1974 admin1975
admin1976 admin1977 admin1978 admin1979 admin1980 admin1981 admin1982 admin1983 admin1984
admin1985 admin1986 admin1987 admin1988 admin1989 admin1990 admin1991 admin1992 admin1993
admin1994 admin1995 admin1996 admin1997 admin1998 admin1999 admin2000 admin2001 admin2002
admin2003 admin2004 admin2005 admin2006 admin2007 admin2008 admin2009 admin2010 admin2011
admin2012 admin2013 admin2014 admin2015 admin2016 admin2017 admin2018 admin2019 admin2020
admin2021 admin2022 admin2023 admin2024 admin2025 admin2026 admin2027 admin2028 admin2029
admin2030 admin4ever adminadmin administrator administrator1 adminpass adrian adrian01 adrian1!
adrian12 adrian123 adrian1234 adrian12345 adrian4ever adrian69 adriana adriana! adriana01 adriana1
adriana1! adriana12 adriana123 adriana1234 adriana12345 adriana4ever adriana69 adrianaadriana
adrianadrian adrianapass adrianpass alejandra alejandro alex alex1234 alex12345 alex4ever alexalex
alexandra alexis alexis01 alexis1! alexis12 alexis123 alexis1234 alexis12345 alexis4ever alexis69
alexisalexis alexispass alexpass alicia alicia01 alicia1! alicia12 alicia123 alicia1234
alicia12345 alicia4ever alicia69 aliciaalicia aliciapass amanda amanda01 amanda1! amanda12
amanda123 amanda1234 amanda12345 amanda4ever amanda69 amandaamanda amandapass amber amber123
amber1234 amber12345 amber4ever amberamber amberpass america america! america01 america1 america1!
america12 america123 america1234 america12345 america4ever america69 americaamerica americapass
andrea andrea01 andrea1! andrea12 andrea123 andrea1234 andrea12345 andrea4ever andrea69
andreaandrea andreapass andreea andreea! andreea01 andreea1 andreea1! andreea12 andreea123
andreea1234 andreea12345 andreea4ever andreea69 andreeaandreea andreeapass andres andres01
andres1! andres12 andres123 andres1234 andres12345 andres4ever andres69 andresandres andrespass
andrew andrew01 andrew1! andrew12 andrew123 andrew1234 andrew12345 andrew4ever andrew69
andrewandrew andrewpass android android! android01 android1 android1! android12 android123
android1234 android12345 android4ever android69 androidandroid androidpass angel angel101 angel11!
angel112 angel1123 angel11234 angel112345 angel123 angel1234 angel12345 angel14ever angel169
angel1angel1 angel1pass angel4ever angela angela01 angela1! angela12 angela123 angela1234
angela12345 angela4ever angela69 angelaangela angelangel angelapass angelica angelo angelo01
angelo1! angelo12 angelo123 angelo1234 angelo12345 angelo4ever angelo69 angeloangelo angelopass
angelpass anna anna1234 anna12345 anna4ever annaanna annapass anthony anthony! anthony01 anthony1
anthony1! anthony12 anthony123 anthony1234 anthony12345 anthony4ever anthony69 anthonyanthony
anthonypass antonio antonio! antonio01 antonio1 antonio1! antonio12 antonio123 antonio1234
antonio12345 antonio4ever antonio69 antonioantonio antoniopass apple apple123 apple1234 apple12345
apple4ever appleapple applepass apples apples01 apples1! apples12 apples123 apples1234 apples12345
apples4ever apples69 applesapples applespass april april123 april1234 april12345 april4ever
aprilapril aprilpass aq1xsw2c aq1xsw2cd aq1xsw2cde aq1xsw2cde3 aq1xsw2cde3v aq1xsw2cde3vf
aq1xsw2cde3vfr aq1xsw2cde3vfr4 arsenal arsenal! arsenal01 arsenal1 arsenal1! arsenal12 arsenal123
arsenal1234 arsenal12345 arsenal4ever arsenal69 arsenalarsenal arsenalpass asdasdasd asdasdasdasd
asdf asdf1234 asdf12345 asdf4ever asdf;lkj asdfasdf asdfasdfasdf asdfasdfasdfasdf asdfgh asdfgh01
asdfgh1! asdfgh12 asdfgh123 asdfgh1234 asdfgh12345 asdfgh4ever asdfgh69 asdfghasdfgh asdfghjk
asdfghjkl asdfghpass asdfpass asdfzxcv asdqwe12 asdqwe123 asdqwezx asdqwezxc ashley ashley01
ashley1! ashley12 ashley123 ashley1234 ashley12345 ashley4ever ashley69 ashleyashley ashleypass
audi audi1234 audi12345 audi4ever audiaudi audipass august august01 august1! august12 august123
august1234 august12345 august4ever august69 augustaugust augustpass austin austin01 austin1!
austin12 austin123 austin1234 austin12345 austin4ever austin69 austinaustin austinpass australia
autumn autumn01 autumn1! autumn12 autumn123 autumn1234 autumn12345 autumn4ever autumn69
autumnautumn autumnpass ava12345 ava4ever az2wsx3e az2wsx3ed az2wsx3edc az2wsx3edc4 az2wsx3edc4r
az2wsx3edc4rf az2wsx3edc4rfv az2wsx3edc4rfv5 az2wsx3edc4rfv5t az2wsx3edc4rfv5tg az2wsx3edc4rfv5tgb
az@wsx#e az@wsx#ed az@wsx#edc azertyui azertyuio azertyuiop azwsxedc azwsxedcr azwsxedcrf
azwsxedcrfv azwsxedcrfvt azwsxedcrfvtg azwsxedcrfvtgb babe babe1234 babe12345 babe4ever babebabe
babepass baby baby1234 baby12345 baby4ever babybaby babyboy babyboy! babyboy01 babyboy1 babyboy1!
babyboy12 babyboy123 babyboy1234 babyboy12345 babyboy4ever babyboy69 babyboybabyboy babyboypass
babydoll babygirl babygirl1 babygurl babypass bailey bailey01 bailey1! bailey12 bailey123
bailey1234 bailey12345 bailey4ever bailey69 baileybailey baileypass banana banana01 banana1!
banana12 banana123 banana1234 banana12345 banana4ever banana69 bananabanana bananapass barbie
barbie01 barbie1! barbie12 barbie123 barbie1234 barbie12345 barbie4ever barbie69 barbiebarbie
barbiepass barcelona barcelona1 baseball baseball! baseball01 baseball1 baseball1! baseball12
baseball123 baseball1234 baseball12345 baseball4ever baseball69 baseballbaseball baseballpass
basket basket01 basket1! basket12 basket123 basket1234 basket12345 basket4ever basket69 basketball
basketbasket basketpass batman batman01 batman1! batman12 batman123 batman1234 batman12345
batman4ever batman69 batmanbatman batmanpass bear bear1234 bear12345 bear4ever bearbear bearpass
beatles1 beautiful beauty beauty01 beauty1! beauty12 beauty123 beauty1234 beauty12345 beauty4ever
beauty69 beautybeauty beautypass bella bella123 bella1234 bella12345 bella4ever bellabella
bellapass benfica benfica! benfica01 benfica1 benfica1! benfica12 benfica123 benfica1234
benfica12345 benfica4ever benfica69 benficabenfica benficapass berlin berlin01 berlin1! berlin12
berlin123 berlin1234 berlin12345 berlin4ever berlin69 berlinberlin berlinpass bgt5vfr4cde3xsw2zaq1
bgtvfrcdexswzaq bianca bianca01 bianca1! bianca12 bianca123 bianca1234 bianca12345 bianca4ever
bianca69 biancabianca biancapass bird bird1234 bird12345 bird4ever birdbird birdpass black
black123 black1234 black12345 black4ever blackblack blackpass bless bless123 bless1234 bless12345
bless4ever blessbless blessed1 blessing blesspass blink182 blue blue1234 blue12345 blue4ever
blueblue bluepass bmw12345 bmw4ever bonita bonita01 bonita1! bonita12 bonita123 bonita1234
bonita12345 bonita4ever bonita69 bonitabonita bonitapass booboo booboo01 booboo1! booboo12
booboo123 booboo1234 booboo12345 booboo4ever booboo69 booboobooboo booboopass boss boss1234
boss12345 boss4ever bossboss bosspass boston boston01 boston1! boston12 boston123 boston1234
boston12345 boston4ever boston69 bostonboston bostonpass bowwow bowwow01 bowwow1! bowwow12
bowwow123 bowwow1234 bowwow12345 bowwow4ever bowwow69 bowwowbowwow bowwowpass boxing boxing01
boxing1! boxing12 boxing123 boxing1234 boxing12345 boxing4ever boxing69 boxingboxing boxingpass
brandon brandon! brandon01 brandon1 brandon1! brandon12 brandon123 brandon1234 brandon12345
brandon4ever brandon69 brandonbrandon brandonpass brasil123 brenda brenda01 brenda1! brenda12
brenda123 brenda1234 brenda12345 brenda4ever brenda69 brendabrenda brendapass brian brian123
brian1234 brian12345 brian4ever brianbrian brianpass brittany brittany! brittany01 brittany1
brittany1! brittany12 brittany123 brittany1234 brittany12345 brittany4ever brittany69
brittanybrittany brittanypass brother brother! brother01 brother1 brother1! brother12 brother123
brother1234 brother12345 brother4ever brother69 brotherbrother brotherpass bubbles bubbles!
bubbles01 bubbles1 bubbles1! bubbles12 bubbles123 bubbles1234 bubbles12345 bubbles4ever bubbles69
bubblesbubbles bubblespass buddy buddy123 buddy1234 buddy12345 buddy4ever buddybuddy buddypass
bulls bulls123 bulls1234 bulls12345 bulls4ever bullsbulls bullspass bunny bunny123 bunny1234
bunny12345 bunny4ever bunnybunny bunnypass buster buster01 buster1! buster12 buster123 buster1234
buster12345 buster4ever buster69 busterbuster busterpass butter butter01 butter1! butter12
butter123 butter1234 butter12345 butter4ever butter69 butterbutter butterfly butterpass c4rfv5tg
c4rfv5tgb california cameron cameron! cameron01 cameron1 cameron1! cameron12 cameron123
cameron1234 cameron12345 cameron4ever cameron69 cameroncameron cameronpass canada123 candy
candy123 candy1234 candy12345 candy4ever candycandy candypass captain captain! captain01 captain1
captain1! captain12 captain123 captain1234 captain12345 captain4ever captain69 captaincaptain
captainpass carlos carlos01 carlos1! carlos12 carlos123 carlos1234 carlos12345 carlos4ever
carlos69 carloscarlos carlospass carmen carmen01 carmen1! carmen12 carmen123 carmen1234
carmen12345 carmen4ever carmen69 carmencarmen carmenpass carolina casdqwe1 casdqwe12 casdqwe123
casper casper01 casper1! casper12 casper123 casper1234 casper12345 casper4ever casper69
caspercasper casperpass cassie cassie01 cassie1! cassie12 cassie123 cassie1234 cassie12345
cassie4ever cassie69 cassiecassie cassiepass cat12345 cat4ever cde#xsw@zaq! cde3vfr4 celtic
celtic01 celtic1! celtic12 celtic123 celtic1234 celtic12345 celtic4ever celtic69 celticceltic
celticpass changeme changeme1 charles charles! charles01 charles1 charles1! charles12 charles123
charles1234 charles12345 charles4ever charles69 charlescharles charlespass charlie charlie!
charlie01 charlie1 charlie1! charlie12 charlie123 charlie1234 charlie12345 charlie4ever charlie69
charliecharlie charliepass cheese cheese01 cheese1! cheese12 cheese123 cheese1234 cheese12345
cheese4ever cheese69 cheesecheese cheesepass chelsea chelsea! chelsea01 chelsea1 chelsea1!
chelsea12 chelsea123 chelsea1234 chelsea12345 chelsea4ever chelsea69 chelseachelsea chelseapass
cherry cherry01 cherry1! cherry12 cherry123 cherry1234 cherry12345 cherry4ever cherry69
cherrycherry cherrypass chester chester! chester01 chester1 chester1! chester12 chester123
chester1234 chester12345 chester4ever chester69 chesterchester chesterpass chicago1 chicken
chicken! chicken01 chicken1 chicken1! chicken12 chicken123 chicken1234 chicken12345 chicken4ever
chicken69 chickenchicken chickenpass chief chief123 chief1234 chief12345 chief4ever chiefchief
chiefpass chloe chloe123 chloe1234 chloe12345 chloe4ever chloechloe chloepass chocolate chris
chris123 chris1234 chris12345 chris4ever chrisbrown chrischris chrispass christ christ01 christ1!
christ12 christ123 christ1234 christ12345 christ4ever christ69 christchrist christian christine
christopher christpass church church01 church1! church12 church123 church1234 church12345
church4ever church69 churchchurch churchpass claudia claudia! claudia01 claudia1 claudia1!
claudia12 claudia123 claudia1234 claudia12345 claudia4ever claudia69 claudiaclaudia claudiapass
cloud cloud123 cloud1234 cloud12345 cloud4ever cloudcloud cloudpass coco coco1234 coco12345
coco4ever cocococo cocopass coffee coffee01 coffee1! coffee12 coffee123 coffee1234 coffee12345
coffee4ever coffee69 coffeecoffee coffeepass computer cookie cookie01 cookie1! cookie12 cookie123
cookie1234 cookie12345 cookie4ever cookie69 cookiecookie cookiemonster cookiepass corazon corazon!
corazon01 corazon1 corazon1! corazon12 corazon123 corazon1234 corazon12345 corazon4ever corazon69
corazoncorazon corazonpass courtney cowboy cowboy01 cowboy1! cowboy12 cowboy123 cowboy1234
cowboy12345 cowboy4ever cowboy69 cowboycowboy cowboypass cowboys1 cristian cristina crystal
crystal! crystal01 crystal1 crystal1! crystal12 crystal123 crystal1234 crystal12345 crystal4ever
crystal69 crystalcrystal crystalpass cupcake cupcake! cupcake01 cupcake1 cupcake1! cupcake12
cupcake123 cupcake1234 cupcake12345 cupcake4ever cupcake69 cupcakecupcake cupcakepass cute
cute1234 cute12345 cute4ever cutecute cutepass cutie cutie123 cutie1234 cutie12345 cutie4ever
cutiecutie cutiepass cutiepie cxzdsaewq cxzdsaewq321 cxzewqdsa d3f4g5h6 daisy daisy123 daisy1234
daisy12345 daisy4ever daisydaisy daisypass dallas dallas01 dallas1! dallas12 dallas123 dallas1234
dallas12345 dallas4ever dallas69 dallasdallas dallaspass dance dance123 dance1234 dance12345
dance4ever dancedance dancepass dancer dancer01 dancer1! dancer12 dancer123 dancer1234 dancer12345
dancer4ever dancer69 dancerdancer dancerpass daniel daniel01 daniel1! daniel12 daniel123
daniel1234 daniel12345 daniel4ever daniel69 danieldaniel danielle danielle! danielle01 danielle1
danielle1! danielle12 danielle123 danielle1234 danielle12345 danielle4ever danielle69
danielledanielle daniellepass danielpass darling darling! darling01 darling1 darling1! darling12
darling123 darling1234 darling12345 darling4ever darling69 darlingdarling darlingpass david
david123 david1234 david12345 david4ever daviddavid davidpass dc4rfv5t dc4rfv5tg dc4rfv5tgb
dcrfvtgb december december! december01 december1 december1! december12 december123 december1234
december12345 december4ever december69 decemberdecember decemberpass default1 demo demo1234
demo12345 demo4ever demodemo demopass denise denise01 denise1! denise12 denise123 denise1234
denise12345 denise4ever denise69 denisedenise denisepass dennis dennis01 dennis1! dennis12
dennis123 dennis1234 dennis12345 dennis4ever dennis69 dennisdennis dennispass denver denver01
denver1! denver12 denver123 denver1234 denver12345 denver4ever denver69 denverdenver denverpass
destiny destiny! destiny01 destiny1 destiny1! destiny12 destiny123 destiny1234 destiny12345
destiny4ever destiny69 destinydestiny destinypass diamond diamond! diamond01 diamond1 diamond1!
diamond12 diamond123 diamond1234 diamond12345 diamond4ever diamond69 diamonddiamond diamondpass
diana diana123 diana1234 diana12345 diana4ever dianadiana dianapass diego diego123 diego1234
diego12345 diego4ever diegodiego diegopass dog12345 dog4ever dolphin dolphin! dolphin01 dolphin1
dolphin1! dolphin12 dolphin123 dolphin1234 dolphin12345 dolphin4ever dolphin69 dolphindolphin
dolphinpass dragon dragon01 dragon1! dragon12 dragon123 dragon1234 dragon12345 dragon1970
dragon1971 dragon1972 dragon1973 dragon1974 dragon1975 dragon1976 dragon1977 dragon1978 dragon1979
dragon1980 dragon1981 dragon1982 dragon1983 dragon1984 dragon1985 dragon1986 dragon1987 dragon1988
dragon1989 dragon1990 dragon1991 dragon1992 dragon1993 dragon1994 dragon1995 dragon1996 dragon1997
dragon1998 dragon1999 dragon2000 dragon2001 dragon2002 dragon2003 dragon2004 dragon2005 dragon2006
dragon2007 dragon2008 dragon2009 dragon2010 dragon2011 dragon2012 dragon2013 dragon2014 dragon2015
dragon2016 dragon2017 dragon2018 dragon2019 dragon2020 dragon2021 dragon2022 dragon2023 dragon2024
dragon2025 dragon2026 dragon2027 dragon2028 dragon2029 dragon2030 dragon4ever dragon69 dragonball
dragondragon dragonpass drums drums123 drums1234 drums12345 drums4ever drumsdrums drumspass duke
duke1234 duke12345 duke4ever dukeduke dukepass e123asd4 e123asd45 e123asd456 e3r4t5y6 e4r5t6y7
e4r5t6y7u e4r5t6y7u8 e4r5t6y7u8i e4r5t6y7u8i9 e4r5t6y7u8i9o e4r5t6y7u8i9o0 e4r5t6y7u8i9o0p eagle
eagle123 eagle1234 eagle12345 eagle4ever eagleeagle eaglepass earth earth123 earth1234 earth12345
earth4ever earthearth earthpass edc4rfv5 edc4rfv5t edc4rfv5tg edc4rfv5tgb edcrfvtg edcrfvtgb
eduardo eduardo! eduardo01 eduardo1 eduardo1! eduardo12 eduardo123 eduardo1234 eduardo12345
eduardo4ever eduardo69 eduardoeduardo eduardopass edward edward01 edward1! edward12 edward123
edward1234 edward12345 edward4ever edward69 edwardedward edwardpass elizabeth elizabeth!
elizabeth01 elizabeth1 elizabeth1! elizabeth12 elizabeth123 elizabeth1234 elizabeth12345
elizabeth4ever elizabeth69 elizabethelizabeth elizabethpass emily emily123 emily1234 emily12345
emily4ever emilyemily emilypass eminem eminem01 eminem1! eminem12 eminem123 eminem1234 eminem12345
eminem4ever eminem69 eminememinem eminempass emma emma1234 emma12345 emma4ever emmaemma emmapass
erasdfzx erasdfzxc erasdfzxcv eric eric1234 eric12345 eric4ever ericeric ericpass ertyuiop
ertzuiop estrella estrella! estrella01 estrella1 estrella1! estrella12 estrella123 estrella1234
estrella12345 estrella4ever estrella69 estrellaestrella estrellapass facebook facebook! facebook01
facebook1 facebook1! facebook12 facebook123 facebook1234 facebook12345 facebook4ever facebook69
facebookfacebook facebookpass faith faith123 faith1234 faith12345 faith4ever faithfaith faithpass
falcon falcon01 falcon1! falcon12 falcon123 falcon1234 falcon12345 falcon4ever falcon69
falconfalcon falconpass family family01 family1! family12 family123 family1234 family12345
family4ever family69 familyfamily familypass father father01 father1! father12 father123
father1234 father12345 father4ever father69 fatherfather fatherpass february february! february01
february1 february1! february12 february123 february1234 february12345 february4ever february69
februaryfebruary februarypass fernando ferrari ferrari! ferrari01 ferrari1 ferrari1! ferrari12
ferrari123 ferrari1234 ferrari12345 ferrari4ever ferrari69 ferrariferrari ferraripass fire
fire1234 fire12345 fire4ever firefire firepass fish fish1234 fish12345 fish4ever fishfish fishpass
flower flower01 flower1! flower12 flower123 flower1234 flower12345 flower4ever flower69
flowerflower flowerpass flowers flowers! flowers01 flowers1 flowers1! flowers12 flowers123
flowers1234 flowers12345 flowers4ever flowers69 flowersflowers flowerspass football football!
football01 football1 football1! football12 football123 football1234 football12345 football4ever
football69 footballfootball footballpass forest forest01 forest1! forest12 forest123 forest1234
forest12345 forest4ever forest69 forestforest forestpass forever forever! forever01 forever1
forever1! forever12 forever123 forever1234 forever12345 forever4ever forever69 foreverforever
foreverlove foreverpass fortnite1 francis francis! francis01 francis1 francis1! francis12
francis123 francis1234 francis12345 francis4ever francis69 francisfrancis francispass freedom
freedom! freedom01 freedom1 freedom1! freedom12 freedom123 freedom1234 freedom12345 freedom4ever
freedom69 freedomfreedom freedompass friday friday01 friday1! friday12 friday123 friday1234
friday12345 friday4ever friday69 fridayfriday fridaypass friend friend01 friend1! friend12
friend123 friend1234 friend12345 friend4ever friend69 friendfriend friendpass friends friends!
friends01 friends1 friends1! friends12 friends123 friends1234 friends12345 friends4ever friends69
friendsfriends friendspass fuckyou1 gabriel gabriel! gabriel01 gabriel1 gabriel1! gabriel12
gabriel123 gabriel1234 gabriel12345 gabriel4ever gabriel69 gabriela gabrielgabriel gabrielpass
garfield gemini gemini01 gemini1! gemini12 gemini123 gemini1234 gemini12345 gemini4ever gemini69
geminigemini geminipass george george01 george1! george12 george123 george1234 george12345
george4ever george69 georgegeorge georgepass ginger ginger01 ginger1! ginger12 ginger123
ginger1234 ginger12345 ginger4ever ginger69 gingerginger gingerpass god12345 god4ever godisgood
goku goku1234 goku12345 goku4ever gokugoku gokupass gold gold1234 gold12345 gold4ever golden
golden01 golden1! golden12 golden123 golden1234 golden12345 golden4ever golden69 goldengolden
goldenpass goldgold goldpass golf golf1234 golf12345 golf4ever golfgolf golfpass google google01
google1! google12 google123 google1234 google12345 google4ever google69 googlegoogle googlepass
grace grace123 grace1234 grace12345 grace4ever gracegrace gracepass green green123 green1234
green12345 green4ever greenday greengreen greenpass guest guest123 guest1234 guest12345 guest4ever
guestguest guestpass guitar guitar01 guitar1! guitar12 guitar123 guitar1234 guitar12345
guitar4ever guitar69 guitarguitar guitarpass hannah hannah01 hannah1! hannah12 hannah123
hannah1234 hannah12345 hannah4ever hannah69 hannahhannah hannahpass happy happy123 happy1234
happy12345 happy4ever happyhappy happypass harley harley01 harley1! harley12 harley123 harley1234
harley12345 harley4ever harley69 harleyharley harleypass harrypotter heather heather! heather01
heather1 heather1! heather12 heather123 heather1234 heather12345 heather4ever heather69
heatherheather heatherpass heaven heaven01 heaven1! heaven12 heaven123 heaven1234 heaven12345
heaven4ever heaven69 heavenheaven heavenpass hello hello101 hello11! hello112 hello1123 hello11234
hello112345 hello123 hello1234 hello12345 hello14ever hello169 hello1hello1 hello1pass hello4ever
hellohello hellokitty hellopass hockey hockey01 hockey1! hockey12 hockey123 hockey1234 hockey12345
hockey4ever hockey69 hockeyhockey hockeypass honda honda123 honda1234 honda12345 honda4ever
hondahonda hondapass honey honey123 honey1234 honey12345 honey4ever honeybee1 honeyhoney honeypass
hope hope1234 hope12345 hope4ever hopehope hopepass horse horse123 horse1234 horse12345 horse4ever
horsehorse horsepass horses horses01 horses1! horses12 horses123 horses1234 horses12345
horses4ever horses69 horseshorses horsespass hot12345 hot4ever hottie hottie01 hottie1! hottie12
hottie123 hottie1234 hottie12345 hottie4ever hottie69 hottiehottie hottiepass hulk hulk1234
hulk12345 hulk4ever hulkhulk hulkpass hunter hunter01 hunter1! hunter12 hunter123 hunter1234
hunter12345 hunter4ever hunter69 hunterhunter hunterpass ice12345 ice4ever icecream ihateyou
ilove123abc iloveabc iloveabc123 iloveabcabc iloveabcd iloveabcdef iloveabigail iloveaccess
iloveadam iloveadidas iloveadmin iloveadrian iloveadriana ilovealex ilovealexis ilovealicia
iloveamanda iloveamber iloveamerica iloveandrea iloveandreea iloveandres iloveandrew iloveandroid
iloveangel iloveangel1 iloveangela iloveangelo iloveanna iloveanthony iloveantonio iloveapple
iloveapples iloveapril ilovearsenal iloveasdf iloveasdfgh iloveashley iloveaudi iloveaugust
iloveaustin iloveautumn iloveava ilovebabe ilovebaby ilovebabyboy ilovebailey ilovebanana
ilovebarbie ilovebaseball ilovebasket ilovebatman ilovebear ilovebeauty ilovebella ilovebenfica
iloveberlin ilovebianca ilovebird iloveblack ilovebless iloveblue ilovebmw ilovebonita ilovebooboo
iloveboss iloveboston ilovebowwow iloveboxing ilovebrandon ilovebrenda ilovebrian ilovebrittany
ilovebrother ilovebubbles ilovebuddy ilovebulls ilovebunny ilovebuster ilovebutter ilovecameron
ilovecandy ilovecaptain ilovecarlos ilovecarmen ilovecasper ilovecassie ilovecat iloveceltic
ilovecharles ilovecharlie ilovecheese ilovechelsea ilovecherry ilovechester ilovechicken
ilovechief ilovechloe ilovechris ilovechrist ilovechurch iloveclaudia ilovecloud ilovecoco
ilovecoffee ilovecookie ilovecorazon ilovecowboy ilovecrystal ilovecupcake ilovecute ilovecutie
ilovedaisy ilovedallas ilovedance ilovedancer ilovedaniel ilovedanielle ilovedarling ilovedavid
ilovedecember ilovedemo ilovedenise ilovedennis ilovedenver ilovedestiny ilovediamond ilovediana
ilovediego ilovedog ilovedolphin ilovedragon ilovedrums iloveduke iloveeagle iloveearth
iloveeduardo iloveedward iloveelizabeth iloveemily iloveeminem iloveemma iloveeric iloveestrella
ilovefacebook ilovefaith ilovefalcon ilovefamily ilovefather ilovefebruary iloveferrari ilovefire
ilovefish iloveflower iloveflowers ilovefootball iloveforest iloveforever ilovefrancis
ilovefreedom ilovefriday ilovefriend ilovefriends ilovegabriel ilovegemini ilovegeorge iloveginger
ilovegod ilovegoku ilovegold ilovegolden ilovegolf ilovegoogle ilovegrace ilovegreen iloveguest
iloveguitar ilovehannah ilovehappy iloveharley iloveheather iloveheaven ilovehello ilovehello1
ilovehockey ilovehonda ilovehoney ilovehope ilovehorse ilovehorses ilovehot ilovehottie ilovehulk
ilovehunter iloveice iloveiloveme iloveiloveu iloveinter iloveiphone iloveisabel iloveisabella
ilovejack ilovejames ilovejanuary ilovejasmine ilovejason ilovejasper ilovejavier ilovejazz
ilovejedi ilovejennifer ilovejeremy ilovejessica ilovejessie ilovejesus ilovejohn ilovejoker
ilovejordan ilovejose ilovejoseph ilovejoshua ilovejuan ilovejuly ilovejune ilovejunior
ilovejustin ilovekaren ilovekenneth ilovekevin ilovekiller iloveking ilovekisses ilovekissme
ilovekitten ilovekitty iloveknight ilovelady ilovelakers ilovelaura ilovelauren ilovelemon
iloveletmein ilovelightning ilovelily ilovelinux ilovelion iloveliverpool ilovelogin ilovelondon
ilovelord ilovelorena ilovelove ilovelovely ilovelovers iloveloveyou ilovelucas ilovelucky
ilovelucy iloveluigi iloveluis ilovemadison ilovemadrid ilovemaggie ilovemango ilovemanuel
ilovemarch ilovemarco ilovemaria ilovemariana ilovemario ilovemartin ilovemarvin ilovemaster
ilovemateo ilovematrix ilovematthew ilovemax ilovemay iloveme iloveme! iloveme01 iloveme1
iloveme1! iloveme12 iloveme123 iloveme1234 iloveme12345 iloveme4ever iloveme69 ilovemegan
ilovemeiloveme ilovemelissa ilovemepass ilovemercedes ilovemetal ilovemexico ilovemia ilovemiami
ilovemichael ilovemichelle ilovemickey ilovemiguel ilovemilan iloveminnie ilovemolly ilovemonday
ilovemoney ilovemonica ilovemonkey ilovemorgan ilovemother ilovemountain ilovemusic ilovemustang
ilovemydad ilovemylove ilovemymom ilovemyself ilovemyspace ilovenaruto ilovenatalie ilovenathan
ilovenick ilovenicole ilovenine iloveninja ilovenirvana ilovenissan ilovenokia ilovenovember
iloveocean iloveoctober iloveoliver iloveolivia iloveone iloveorange ilovepablo ilovepamela
ilovepanda ilovepanget iloveparis iloveparty ilovepass ilovepasswd ilovepatrick ilovepeach
ilovepeaches ilovepeanut ilovepedro ilovepepper ilovepiano ilovepikachu ilovepink ilovepirate
ilovepizza ilovepokemon ilovepony ilovepoohbear ilovepookie iloveporsche ilovepretty iloveprince
iloveprincess ilovepunk ilovepuppy ilovepurple iloveqaz iloveqazwsx ilovequeen iloveqwerty
iloverachel iloveracing iloverafael iloverain iloverainbow iloveranger iloverangers iloverebel
iloverebelde ilovered iloverichard iloveriver iloverobert iloverock iloverocket iloverockstar
iloverocky iloverome iloveronaldo iloveroot iloveryan ilovesadie ilovesakura ilovesamantha
ilovesamsung ilovesamuel ilovesandra ilovesarah ilovesayang ilovescooby ilovescorpio ilovesecret
iloveseven ilovesexy iloveshadow iloveshannon iloveshark iloveshorty ilovesilver ilovesister
ilovesmokey ilovesnoopy ilovesnow ilovesoccer ilovesofia ilovesonic ilovesophia ilovesophie
ilovespider ilovespring ilovestar ilovestephanie ilovesteven ilovestorm ilovesugar ilovesummer
ilovesunday ilovesunny ilovesweet ilovesweetie ilovesweety ilovetaylor iloveteamo iloveteddy
iloveten ilovetennis ilovetest ilovetexas ilovethomas ilovethor ilovethree ilovethunder
ilovetiffany ilovetiger ilovetigers ilovetigger ilovetoby ilovetokyo ilovetoyota ilovetrustno
ilovetuesday iloveturtle ilovetweety ilovetwitter ilovetwo iloveu iloveu01 iloveu1! iloveu12
iloveu123 iloveu1234 iloveu12345 iloveu4ever iloveu69 iloveuiloveu iloveupass iloveuser
ilovevanessa ilovevegeta ilovevictor ilovevictoria iloveviking ilovevolley ilovewater iloveweekend
ilovewelcome ilovewhite ilovewilliam ilovewind ilovewindows ilovewinter ilovewizard ilovewolf
iloveword ilovewsx iloveyahoo iloveyankees iloveyellow iloveyoda iloveyou iloveyou! iloveyou1
iloveyou12 iloveyou123 iloveyou1970 iloveyou1971 iloveyou1972 iloveyou1973 iloveyou1974
iloveyou1975 iloveyou1976 iloveyou1977 iloveyou1978 iloveyou1979 iloveyou1980 iloveyou1981
iloveyou1982 iloveyou1983 iloveyou1984 iloveyou1985 iloveyou1986 iloveyou1987 iloveyou1988
iloveyou1989 iloveyou1990 iloveyou1991 iloveyou1992 iloveyou1993 iloveyou1994 iloveyou1995
iloveyou1996 iloveyou1997 iloveyou1998 iloveyou1999 iloveyou2 iloveyou2000 iloveyou2001
iloveyou2002 iloveyou2003 iloveyou2004 iloveyou2005 iloveyou2006 iloveyou2007 iloveyou2008
iloveyou2009 iloveyou2010 iloveyou2011 iloveyou2012 iloveyou2013 iloveyou2014 iloveyou2015
iloveyou2016 iloveyou2017 iloveyou2018 iloveyou2019 iloveyou2020 iloveyou2021 iloveyou2022
iloveyou2023 iloveyou2024 iloveyou2025 iloveyou2026 iloveyou2027 iloveyou2028 iloveyou2029
iloveyou2030 iloveyou3 ilovezelda ilovezxcv ilovezxcvbn inter inter123 inter1234 inter12345
inter4ever interinter internet interpass inuyasha iphone iphone01 iphone1! iphone12 iphone123
iphone1234 iphone12345 iphone4ever iphone69 iphoneiphone iphonepass isabel isabel01 isabel1!
isabel12 isabel123 isabel1234 isabel12345 isabel4ever isabel69 isabelisabel isabella isabella!
isabella01 isabella1 isabella1! isabella12 isabella123 isabella1234 isabella12345 isabella4ever
isabella69 isabellaisabella isabellapass isabelpass iuytrewq jack jack1234 jack12345 jack4ever
jackjack jackpass james james123 james1234 james12345 james4ever jamesjames jamespass january
january! january01 january1 january1! january12 january123 january1234 january12345 january4ever
january69 januaryjanuary januarypass jasmine jasmine! jasmine01 jasmine1 jasmine1! jasmine12
jasmine123 jasmine1234 jasmine12345 jasmine4ever jasmine69 jasminejasmine jasminepass jason
jason123 jason1234 jason12345 jason4ever jasonjason jasonpass jasper jasper01 jasper1! jasper12
jasper123 jasper1234 jasper12345 jasper4ever jasper69 jasperjasper jasperpass javier javier01
javier1! javier12 javier123 javier1234 javier12345 javier4ever javier69 javierjavier javierpass
jazz jazz1234 jazz12345 jazz4ever jazzjazz jazzpass jedi jedi1234 jedi12345 jedi4ever jedijedi
jedipass jennifer jennifer! jennifer01 jennifer1 jennifer1! jennifer12 jennifer123 jennifer1234
jennifer12345 jennifer4ever jennifer69 jenniferjennifer jenniferpass jeremy jeremy01 jeremy1!
jeremy12 jeremy123 jeremy1234 jeremy12345 jeremy4ever jeremy69 jeremyjeremy jeremypass jessica
jessica! jessica01 jessica1 jessica1! jessica12 jessica123 jessica1234 jessica12345 jessica4ever
jessica69 jessicajessica jessicapass jessie jessie01 jessie1! jessie12 jessie123 jessie1234
jessie12345 jessie4ever jessie69 jessiejessie jessiepass jesus jesus123 jesus1234 jesus12345
jesus4ever jesuschrist jesusjesus jesuspass jesussaves john john1234 john12345 john4ever johncena
johnjohn johnpass joker joker123 joker1234 joker12345 joker4ever jokerjoker jokerpass jonathan
jordan jordan01 jordan1! jordan12 jordan123 jordan1234 jordan12345 jordan23 jordan4ever jordan69
jordanjordan jordanpass jose jose1234 jose12345 jose4ever josejose josepass joseph joseph01
joseph1! joseph12 joseph123 joseph1234 joseph12345 joseph4ever joseph69 josephjoseph josephpass
joshua joshua01 joshua1! joshua12 joshua123 joshua1234 joshua12345 joshua4ever joshua69
joshuajoshua joshuapass juan juan1234 juan12345 juan4ever juanjuan juanpass july july1234
july12345 july4ever julyjuly julypass june june1234 june12345 june4ever junejune junepass junior
junior01 junior1! junior12 junior123 junior1234 junior12345 junior4ever junior69 juniorjunior
juniorpass justin justin01 justin1! justin12 justin123 justin1234 justin12345 justin4ever justin69
justinjustin justinpass juventus1 karen karen123 karen1234 karen12345 karen4ever karenkaren
karenpass katherine kenneth kenneth! kenneth01 kenneth1 kenneth1! kenneth12 kenneth123 kenneth1234
kenneth12345 kenneth4ever kenneth69 kennethkenneth kennethpass kevin kevin123 kevin1234 kevin12345
kevin4ever kevinkevin kevinpass killer killer01 killer1! killer12 killer123 killer1234 killer12345
killer4ever killer69 killerkiller killerpass kimberly king king1234 king12345 king4ever kingking
kingpass kisses kisses01 kisses1! kisses12 kisses123 kisses1234 kisses12345 kisses4ever kisses69
kisseskisses kissespass kissme kissme01 kissme1! kissme12 kissme123 kissme1234 kissme12345
kissme4ever kissme69 kissmekissme kissmepass kitten kitten01 kitten1! kitten12 kitten123
kitten1234 kitten12345 kitten4ever kitten69 kittenkitten kittenpass kitty kitty123 kitty1234
kitty12345 kitty4ever kittykitty kittypass kjhgfdsa knight knight01 knight1! knight12 knight123
knight1234 knight12345 knight4ever knight69 knightknight knightpass lady lady1234 lady12345
lady4ever ladylady ladypass lakers lakers01 lakers1! lakers12 lakers123 lakers1234 lakers12345
lakers24 lakers4ever lakers69 lakerslakers lakerspass laura laura123 laura1234 laura12345
laura4ever lauralaura laurapass lauren lauren01 lauren1! lauren12 lauren123 lauren1234 lauren12345
lauren4ever lauren69 laurenlauren laurenpass lemon lemon123 lemon1234 lemon12345 lemon4ever
lemonlemon lemonpass letmein letmein! letmein01 letmein1 letmein1! letmein12 letmein123
letmein1234 letmein12345 letmein1970 letmein1971 letmein1972 letmein1973 letmein1974 letmein1975
letmein1976 letmein1977 letmein1978 letmein1979 letmein1980 letmein1981 letmein1982 letmein1983
letmein1984 letmein1985 letmein1986 letmein1987 letmein1988 letmein1989 letmein1990 letmein1991
letmein1992 letmein1993 letmein1994 letmein1995 letmein1996 letmein1997 letmein1998 letmein1999
letmein2000 letmein2001 letmein2002 letmein2003 letmein2004 letmein2005 letmein2006 letmein2007
letmein2008 letmein2009 letmein2010 letmein2011 letmein2012 letmein2013 letmein2014 letmein2015
letmein2016 letmein2017 letmein2018 letmein2019 letmein2020 letmein2021 letmein2022 letmein2023
letmein2024 letmein2025 letmein2026 letmein2027 letmein2028 letmein2029 letmein2030 letmein4ever
letmein69 letmeinletmein letmeinpass lightning lightning! lightning01 lightning1 lightning1!
lightning12 lightning123 lightning1234 lightning12345 lightning4ever lightning69
lightninglightning lightningpass lily lily1234 lily12345 lily4ever lilylily lilypass linkinpark
linux linux123 linux1234 linux12345 linux4ever linuxlinux linuxpass lion lion1234 lion12345
lion4ever lionlion lionpass liverpool liverpool! liverpool01 liverpool1 liverpool1! liverpool12
liverpool123 liverpool1234 liverpool12345 liverpool4ever liverpool69 liverpoolliverpool
liverpoolpass lkjhgfds lkjhgfdsa login login123 login1234 login12345 login4ever loginlogin
loginpass lollipop london london01 london1! london12 london123 london1234 london12345 london4ever
london69 londonlondon londonpass lord lord1234 lord12345 lord4ever lordlord lordpass lorena
lorena01 lorena1! lorena12 lorena123 lorena1234 lorena12345 lorena4ever lorena69 lorenalorena
lorenapass love love1234 love12345 love4ever lovelove lovelove1 lovely lovely01 lovely1! lovely12
lovely123 lovely1234 lovely12345 lovely4ever lovely69 lovelylovely lovelypass lovepass lovers
lovers01 lovers1! lovers12 lovers123 lovers1234 lovers12345 lovers4ever lovers69 loverslovers
loverspass loveyou loveyou! loveyou01 loveyou1 loveyou1! loveyou12 loveyou123 loveyou1234
loveyou12345 loveyou4ever loveyou69 loveyouloveyou loveyoupass lucas lucas123 lucas1234 lucas12345
lucas4ever lucaslucas lucaspass lucky lucky123 lucky1234 lucky12345 lucky4ever luckylucky
luckypass lucy lucy1234 lucy12345 lucy4ever lucylucy lucypass luigi luigi123 luigi1234 luigi12345
luigi4ever luigiluigi luigipass luis luis1234 luis12345 luis4ever luisluis luispass madison
madison! madison01 madison1 madison1! madison12 madison123 madison1234 madison12345 madison4ever
madison69 madisonmadison madisonpass madrid madrid01 madrid1! madrid12 madrid123 madrid1234
madrid12345 madrid4ever madrid69 madridmadrid madridpass maggie maggie01 maggie1! maggie12
maggie123 maggie1234 maggie12345 maggie4ever maggie69 maggiemaggie maggiepass mahalkita manchester
mango mango123 mango1234 mango12345 mango4ever mangomango mangopass manuel manuel01 manuel1!
manuel12 manuel123 manuel1234 manuel12345 manuel4ever manuel69 manuelmanuel manuelpass manutd99
march march123 march1234 march12345 march4ever marchmarch marchpass marco marco123 marco1234
marco12345 marco4ever marcomarco marcopass maria maria123 maria1234 maria12345 maria4ever
mariamaria mariana mariana! mariana01 mariana1 mariana1! mariana12 mariana123 mariana1234
mariana12345 mariana4ever mariana69 marianamariana marianapass mariapass mario mario123 mario1234
mario12345 mario4ever mariomario mariopass mariposa martin martin01 martin1! martin12 martin123
martin1234 martin12345 martin4ever martin69 martinmartin martinpass marvin marvin01 marvin1!
marvin12 marvin123 marvin1234 marvin12345 marvin4ever marvin69 marvinmarvin marvinpass master
master01 master1! master12 master123 master1234 master12345 master4ever master69 mastermaster
masterpass mateo mateo123 mateo1234 mateo12345 mateo4ever mateomateo mateopass matrix matrix01
matrix1! matrix12 matrix123 matrix1234 matrix12345 matrix4ever matrix69 matrixmatrix matrixpass
matthew matthew! matthew01 matthew1 matthew1! matthew12 matthew123 matthew1234 matthew12345
matthew4ever matthew69 matthewmatthew matthewpass max12345 max4ever may12345 may4ever megan
megan123 megan1234 megan12345 megan4ever meganmegan meganpass melissa melissa! melissa01 melissa1
melissa1! melissa12 melissa123 melissa1234 melissa12345 melissa4ever melissa69 melissamelissa
melissapass mercedes mercedes! mercedes01 mercedes1 mercedes1! mercedes12 mercedes123 mercedes1234
mercedes12345 mercedes4ever mercedes69 mercedesmercedes mercedespass metal metal123 metal1234
metal12345 metal4ever metallica metalmetal metalpass mexico mexico01 mexico1! mexico12 mexico123
mexico1234 mexico12345 mexico4ever mexico69 mexicomexico mexicopass mia12345 mia4ever miami
miami123 miami1234 miami12345 miami4ever miamimiami miamipass michael michael! michael01 michael1
michael1! michael12 michael123 michael1234 michael12345 michael4ever michael69 michaelmichael
michaelpass michelle michelle! michelle01 michelle1 michelle1! michelle12 michelle123 michelle1234
michelle12345 michelle4ever michelle69 michellemichelle michellepass mickey mickey01 mickey1!
mickey12 mickey123 mickey1234 mickey12345 mickey4ever mickey69 mickeymickey mickeypass midnight
miguel miguel01 miguel1! miguel12 miguel123 miguel1234 miguel12345 miguel4ever miguel69
miguelmiguel miguelpass milan milan123 milan1234 milan12345 milan4ever milanmilan milanpass
minecraft minecraft1 minnie minnie01 minnie1! minnie12 minnie123 minnie1234 minnie12345
minnie4ever minnie69 minnieminnie minniepass mnbvcxz1 molly molly123 molly1234 molly12345
molly4ever mollymolly mollypass monday monday01 monday1! monday12 monday123 monday1234 monday12345
monday4ever monday69 mondaymonday mondaypass money money123 money1234 money12345 money4ever
moneymoney moneypass monica monica01 monica1! monica12 monica123 monica1234 monica12345
monica4ever monica69 monicamonica monicapass monkey monkey01 monkey1! monkey12 monkey123
monkey1234 monkey12345 monkey1970 monkey1971 monkey1972 monkey1973 monkey1974 monkey1975
monkey1976 monkey1977 monkey1978 monkey1979 monkey1980 monkey1981 monkey1982 monkey1983 monkey1984
monkey1985 monkey1986 monkey1987 monkey1988 monkey1989 monkey1990 monkey1991 monkey1992 monkey1993
monkey1994 monkey1995 monkey1996 monkey1997 monkey1998 monkey1999 monkey2000 monkey2001 monkey2002
monkey2003 monkey2004 monkey2005 monkey2006 monkey2007 monkey2008 monkey2009 monkey2010 monkey2011
monkey2012 monkey2013 monkey2014 monkey2015 monkey2016 monkey2017 monkey2018 monkey2019 monkey2020
monkey2021 monkey2022 monkey2023 monkey2024 monkey2025 monkey2026 monkey2027 monkey2028 monkey2029
monkey2030 monkey4ever monkey69 monkeymonkey monkeypass morgan morgan01 morgan1! morgan12
morgan123 morgan1234 morgan12345 morgan4ever morgan69 morganmorgan morganpass mother mother01
mother1! mother12 mother123 mother1234 mother12345 mother4ever mother69 mothermother motherpass
mountain mountain! mountain01 mountain1 mountain1! mountain12 mountain123 mountain1234
mountain12345 mountain4ever mountain69 mountainmountain mountainpass music music123 music1234
music12345 music4ever musicmusic musicpass mustang mustang! mustang01 mustang1 mustang1! mustang12
mustang123 mustang1234 mustang12345 mustang4ever mustang69 mustangmustang mustangpass my123abc
myabc123 myabcabc myabcdef myabigail myaccess myadidas myadrian myadriana myalexis myalicia
myamanda myamerica myandrea myandreea myandres myandrew myandroid myangel1 myangela myangelo
myanthony myantonio myapples myarsenal myasdfgh myashley myaugust myaustin myautumn mybabyboy
mybailey mybanana mybarbie mybaseball mybasket mybatman mybeauty mybenfica myberlin mybianca
mybonita mybooboo myboston mybowwow myboxing mybrandon mybrenda mybrittany mybrother mybubbles
mybuster mybutter mycameron mycaptain mycarlos mycarmen mycasper mycassie myceltic mycharles
mycharlie mycheese mychelsea mycherry mychester mychicken mychrist mychurch myclaudia mycoffee
mycookie mycorazon mycowboy mycrystal mycupcake mydallas mydancer mydaniel mydanielle mydarling
mydecember mydenise mydennis mydenver mydestiny mydiamond mydolphin mydragon myeduardo myedward
myelizabeth myeminem myestrella myfacebook myfalcon myfamily myfather myfebruary myferrari
myflower myflowers myfootball myforest myforever myfrancis myfreedom myfriday myfriend myfriends
mygabriel mygemini mygeorge myginger mygolden mygoogle myguitar myhannah myharley myheart1
myheather myheaven myhello1 myhockey myhorses myhottie myhunter myiloveme myiloveu myiphone
myisabel myisabella myjanuary myjasmine myjasper myjavier myjennifer myjeremy myjessica myjessie
myjordan myjoseph myjoshua myjunior myjustin mykenneth mykiller mykisses mykissme mykitten
myknight mylakers mylauren myletmein mylightning myliverpool mylondon mylorena mylove mylove01
mylove1! mylove12 mylove123 mylove1234 mylove12345 mylove4ever mylove69 mylovely mylovemylove
mylovepass mylovers myloveyou mymadison mymadrid mymaggie mymanuel mymariana mymartin mymarvin
mymaster mymatrix mymatthew mymelissa mymercedes mymexico mymichael mymichelle mymickey mymiguel
myminnie mymonday mymonica mymonkey mymorgan mymother mymountain mymustang mymylove mymyspace
mynaruto mynatalie mynathan mynicole mynirvana mynissan mynovember myoctober myoliver myolivia
myorange mypamela mypanget mypasswd mypassword mypatrick mypeaches mypeanut mypepper mypikachu
mypirate mypokemon mypoohbear mypookie myporsche mypretty myprince myprincess mypurple myqazwsx
myqwerty myrachel myracing myrafael myrainbow myranger myrangers myrebelde myrichard myrobert
myrocket myrockstar myronaldo mysakura mysamantha mysamsung mysamuel mysandra mysayang myscooby
myscorpio mysecret myshadow myshannon myshorty mysilver mysister mysmokey mysnoopy mysoccer
mysophia mysophie myspace myspace! myspace01 myspace1 myspace1! myspace12 myspace123 myspace1234
myspace12345 myspace4ever myspace69 myspacemyspace myspacepass myspider myspring mystephanie
mysteven mysummer mysunday mysweetie mysweety mytaylor mytennis mythomas mythunder mytiffany
mytigers mytigger mytoyota mytrustno mytuesday myturtle mytweety mytwitter myvanessa myvegeta
myvictor myvictoria myviking myvolley myweekend mywelcome mywilliam mywindows mywinter mywizard
myyankees myyellow myzxcvbn naruto naruto01 naruto1! naruto12 naruto123 naruto1234 naruto12345
naruto4ever naruto69 narutonaruto narutopass natalie natalie! natalie01 natalie1 natalie1!
natalie12 natalie123 natalie1234 natalie12345 natalie4ever natalie69 natalienatalie nataliepass
nathan nathan01 nathan1! nathan12 nathan123 nathan1234 nathan12345 nathan4ever nathan69
nathannathan nathanpass newpassword newyork1 nicholas nick nick1234 nick12345 nick4ever nicknick
nickpass nicole nicole01 nicole1! nicole12 nicole123 nicole1234 nicole12345 nicole4ever nicole69
nicolenicole nicolepass nine nine1234 nine12345 nine4ever ninenine ninepass ninja ninja123
ninja1234 ninja12345 ninja4ever ninjaninja ninjapass nirvana nirvana! nirvana01 nirvana1 nirvana1!
nirvana12 nirvana123 nirvana1234 nirvana12345 nirvana4ever nirvana69 nirvananirvana nirvanapass
nissan nissan01 nissan1! nissan12 nissan123 nissan1234 nissan12345 nissan4ever nissan69
nissannissan nissanpass nokia nokia123 nokia1234 nokia12345 nokia4ever nokianokia nokiapass
november november! november01 november1 november1! november12 november123 november1234
november12345 november4ever november69 novembernovember novemberpass ocean ocean123 ocean1234
ocean12345 ocean4ever oceanocean oceanpass october october! october01 october1 october1! october12
october123 october1234 october12345 october4ever october69 octoberoctober octoberpass oiuytrew
oiuytrewq oldpassword oliver oliver01 oliver1! oliver12 oliver123 oliver1234 oliver12345
oliver4ever oliver69 oliveroliver oliverpass olivia olivia01 olivia1! olivia12 olivia123
olivia1234 olivia12345 olivia4ever olivia69 oliviaolivia oliviapass one12345 one4ever onelove1
onepiece1 orange orange01 orange1! orange12 orange123 orange1234 orange12345 orange4ever orange69
orangeorange orangepass p0o9i8u7y6t5r4e3w2q1 p@ssw0rd pablo pablo123 pablo1234 pablo12345
pablo4ever pablopablo pablopass packers1 pamela pamela01 pamela1! pamela12 pamela123 pamela1234
pamela12345 pamela4ever pamela69 pamelapamela pamelapass panda panda123 panda1234 panda12345
panda4ever pandapanda pandapass panget panget01 panget1! panget12 panget123 panget1234 panget12345
panget4ever panget69 pangetpanget pangetpass paris paris123 paris1234 paris12345 paris4ever
parisparis parispass party party123 party1234 party12345 party4ever partyparty partypass pass
pass1234 pass12345 pass4ever passpass passw0rd passw0rd1 passwd passwd01 passwd1! passwd12
passwd123 passwd1234 passwd12345 passwd4ever passwd69 passwdpass passwdpasswd password password!
password01 password1 password12 password123 password1234 password12345 password1970 password1971
password1972 password1973 password1974 password1975 password1976 password1977 password1978
password1979 password1980 password1981 password1982 password1983 password1984 password1985
password1986 password1987 password1988 password1989 password1990 password1991 password1992
password1993 password1994 password1995 password1996 password1997 password1998 password1999
password2 password2000 password2001 password2002 password2003 password2004 password2005
password2006 password2007 password2008 password2009 password2010 password2011 password2012
password2013 password2014 password2015 password2016 password2017 password2018 password2019
password2020 password2021 password2022 password2023 password2024 password2025 password2026
password2027 password2028 password2029 password2030 password3 passwordpassword passwords patricia
patrick patrick! patrick01 patrick1 patrick1! patrick12 patrick123 patrick1234 patrick12345
patrick4ever patrick69 patrickpass patrickpatrick peach peach123 peach1234 peach12345 peach4ever
peaches peaches! peaches01 peaches1 peaches1! peaches12 peaches123 peaches1234 peaches12345
peaches4ever peaches69 peachespass peachespeaches peachpass peachpeach peanut peanut01 peanut1!
peanut12 peanut123 peanut1234 peanut12345 peanut4ever peanut69 peanutpass peanutpeanut pedro
pedro123 pedro1234 pedro12345 pedro4ever pedropass pedropedro pepper pepper01 pepper1! pepper12
pepper123 pepper1234 pepper12345 pepper4ever pepper69 pepperpass pepperpepper piano piano123
piano1234 piano12345 piano4ever pianopass pianopiano pictures pikachu pikachu! pikachu01 pikachu1
pikachu1! pikachu12 pikachu123 pikachu1234 pikachu12345 pikachu4ever pikachu69 pikachupass
pikachupikachu pink pink1234 pink12345 pink4ever pinkpass pinkpink pirate pirate01 pirate1!
pirate12 pirate123 pirate1234 pirate12345 pirate4ever pirate69 piratepass piratepirate pizza
pizza123 pizza1234 pizza12345 pizza4ever pizzapass pizzapizza poiuytre poiuytrew poiuytrewq
poiuytreza poiuztrewq pokemon pokemon! pokemon01 pokemon1 pokemon1! pokemon12 pokemon123
pokemon1234 pokemon12345 pokemon4ever pokemon69 pokemonpass pokemonpokemon pony pony1234 pony12345
pony4ever ponypass ponypony poohbear poohbear! poohbear01 poohbear1 poohbear1! poohbear12
poohbear123 poohbear1234 poohbear12345 poohbear4ever poohbear69 poohbearpass poohbearpoohbear
pookie pookie01 pookie1! pookie12 pookie123 pookie1234 pookie12345 pookie4ever pookie69 pookiepass
pookiepookie porsche porsche! porsche01 porsche1 porsche1! porsche12 porsche123 porsche1234
porsche12345 porsche4ever porsche69 porschepass porscheporsche portugal1 precious pretty pretty01
pretty1! pretty12 pretty123 pretty1234 pretty12345 pretty4ever pretty69 prettypass prettypretty
prince prince01 prince1! prince12 prince123 prince1234 prince12345 prince4ever prince69 princepass
princeprince princess princess! princess01 princess1 princess1! princess12 princess123
princess1234 princess12345 princess4ever princess69 princesspass princessprincess punk punk1234
punk12345 punk4ever punkpass punkpunk puppy puppy123 puppy1234 puppy12345 puppy4ever puppypass
puppypuppy purple purple01 purple1! purple12 purple123 purple1234 purple12345 purple4ever purple69
purplepass purplepurple q1w2e3r4 q1w2e3r4t q1w2e3r4t5 q1w2e3r4t5y q1w2e3r4t5y6 q1xsw2cd q1xsw2cde
q1xsw2cde3 q1xsw2cde3v q1xsw2cde3vf q1xsw2cde3vfr q1xsw2cde3vfr4 q2w3e4r5 q2w3e4r5t q2w3e4r5t6
q2w3e4r5t6y q2w3e4r5t6y7 q2w3e4r5t6y7u q2w3e4r5t6y7u8 q2w3e4r5t6y7u8i q2w3e4r5t6y7u8i9
q2w3e4r5t6y7u8i9o q2w3e4r5t6y7u8i9o0 q2w3e4r5t6y7u8i9o0p qaz12345 qaz2wsx3 qaz2wsx3e qaz2wsx3ed
qaz2wsx3edc qaz2wsx3edc4 qaz2wsx3edc4r qaz2wsx3edc4rf qaz2wsx3edc4rfv qaz2wsx3edc4rfv5
qaz2wsx3edc4rfv5t qaz2wsx3edc4rfv5tg qaz2wsx3edc4rfv5tgb qaz4ever qaz@wsx# qaz@wsx#e qaz@wsx#ed
qaz@wsx#edc qazwsx qazwsx01 qazwsx1! qazwsx12 qazwsx123 qazwsx1234 qazwsx12345 qazwsx4ever
qazwsx69 qazwsxed qazwsxedc qazwsxedcr qazwsxedcrf qazwsxedcrfv qazwsxedcrfvt qazwsxedcrfvtg
qazwsxedcrfvtgb qazwsxpass qazwsxqazwsx qazxswedc queen queen123 queen1234 queen12345 queen4ever
queenpass queenqueen qw23er45 qw23er45t qw23er45ty qw23er45ty6 qwaszx12 qwe123as qwe123asd
qwe123asd4 qwe123asd45 qwe123asd456 qweasd123 qweasdzx qweasdzxc qweqweqwe qweqweqweqwe qwer1234
qwerasdf qwerasdfz qwerasdfzx qwerasdfzxc qwerasdfzxcv qwerqwer qwerqwerqwer qwerqwerqwerqwer
qwerty qwerty00 qwerty01 qwerty1! qwerty11 qwerty12 qwerty123 qwerty1234 qwerty12345 qwerty1970
qwerty1971 qwerty1972 qwerty1973 qwerty1974 qwerty1975 qwerty1976 qwerty1977 qwerty1978 qwerty1979
qwerty1980 qwerty1981 qwerty1982 qwerty1983 qwerty1984 qwerty1985 qwerty1986 qwerty1987 qwerty1988
qwerty1989 qwerty1990 qwerty1991 qwerty1992 qwerty1993 qwerty1994 qwerty1995 qwerty1996 qwerty1997
qwerty1998 qwerty1999 qwerty2000 qwerty2001 qwerty2002 qwerty2003 qwerty2004 qwerty2005 qwerty2006
qwerty2007 qwerty2008 qwerty2009 qwerty2010 qwerty2011 qwerty2012 qwerty2013 qwerty2014 qwerty2015
qwerty2016 qwerty2017 qwerty2018 qwerty2019 qwerty2020 qwerty2021 qwerty2022 qwerty2023 qwerty2024
qwerty2025 qwerty2026 qwerty2027 qwerty2028 qwerty2029 qwerty2030 qwerty4ever qwerty69 qwertypass
qwertyqwerty qwertyui qwertyuio qwertyuiop qwertyuiop123 qwertzui qwertzuio qwertzuiop r5t6y7u8
r5t6y7u8i r5t6y7u8i9 r5t6y7u8i9o r5t6y7u8i9o0 r5t6y7u8i9o0p rachel rachel01 rachel1! rachel12
rachel123 rachel1234 rachel12345 rachel4ever rachel69 rachelpass rachelrachel racing racing01
racing1! racing12 racing123 racing1234 racing12345 racing4ever racing69 racingpass racingracing
rafael rafael01 rafael1! rafael12 rafael123 rafael1234 rafael12345 rafael4ever rafael69 rafaelpass
rafaelrafael rain rain1234 rain12345 rain4ever rainbow rainbow! rainbow01 rainbow1 rainbow1!
rainbow12 rainbow123 rainbow1234 rainbow12345 rainbow4ever rainbow69 rainbowpass rainbowrainbow
rainpass rainrain ranger ranger01 ranger1! ranger12 ranger123 ranger1234 ranger12345 ranger4ever
ranger69 rangerpass rangerranger rangers rangers! rangers01 rangers1 rangers1! rangers12
rangers123 rangers1234 rangers12345 rangers4ever rangers69 rangerspass rangersrangers rasdfzxc
rasdfzxcv realmadrid rebel rebel123 rebel1234 rebel12345 rebel4ever rebelde rebelde! rebelde01
rebelde1 rebelde1! rebelde12 rebelde123 rebelde1234 rebelde12345 rebelde4ever rebelde69
rebeldepass rebelderebelde rebelpass rebelrebel red12345 red4ever redsox04 richard richard!
richard01 richard1 richard1! richard12 richard123 richard1234 richard12345 richard4ever richard69
richardpass richardrichard river river123 river1234 river12345 river4ever riverpass riverriver
robert robert01 robert1! robert12 robert123 robert1234 robert12345 robert4ever robert69 robertpass
robertrobert roblox123 rock rock1234 rock12345 rock4ever rockandroll rocket rocket01 rocket1!
rocket12 rocket123 rocket1234 rocket12345 rocket4ever rocket69 rocketpass rocketrocket rocknroll
rockpass rockrock rockstar rockstar! rockstar01 rockstar1 rockstar1! rockstar12 rockstar123
rockstar1234 rockstar12345 rockstar4ever rockstar69 rockstarpass rockstarrockstar rocky rocky123
rocky1234 rocky12345 rocky4ever rockypass rockyrocky rome rome1234 rome12345 rome4ever romepass
romerome ronaldo ronaldo! ronaldo01 ronaldo1 ronaldo1! ronaldo12 ronaldo123 ronaldo1234
ronaldo12345 ronaldo4ever ronaldo69 ronaldopass ronaldoronaldo root root1234 root12345 root4ever
rootpass rootroot ryan ryan1234 ryan12345 ryan4ever ryanpass ryanryan s2d3f4g5 s2d3f4g5h
s2d3f4g5h6 sadie sadie123 sadie1234 sadie12345 sadie4ever sadiepass sadiesadie sakura sakura01
sakura1! sakura12 sakura123 sakura1234 sakura12345 sakura4ever sakura69 sakurapass sakurasakura
samantha samantha! samantha01 samantha1 samantha1! samantha12 samantha123 samantha1234
samantha12345 samantha4ever samantha69 samanthapass samanthasamantha samsung samsung! samsung01
samsung1 samsung1! samsung12 samsung123 samsung1234 samsung12345 samsung4ever samsung69
samsungpass samsungsamsung samuel samuel01 samuel1! samuel12 samuel123 samuel1234 samuel12345
samuel4ever samuel69 samuelpass samuelsamuel sandra sandra01 sandra1! sandra12 sandra123
sandra1234 sandra12345 sandra4ever sandra69 sandrapass sandrasandra sarah sarah123 sarah1234
sarah12345 sarah4ever sarahpass sarahsarah sayang sayang01 sayang1! sayang12 sayang123 sayang1234
sayang12345 sayang4ever sayang69 sayangpass sayangsayang scooby scooby01 scooby1! scooby12
scooby123 scooby1234 scooby12345 scooby4ever scooby69 scoobypass scoobyscooby scorpio scorpio!
scorpio01 scorpio1 scorpio1! scorpio12 scorpio123 scorpio1234 scorpio12345 scorpio4ever scorpio69
scorpiopass scorpioscorpio scotland1 sdfghjkl sdqwe123 sdqwezxc sebastian secret secret01 secret1!
secret12 secret123 secret1234 secret12345 secret4ever secret69 secretpass secretsecret september
seven seven123 seven1234 seven12345 seven4ever sevenpass sevenseven sexy sexy1234 sexy12345
sexy4ever sexybitch sexygirl sexypass sexysexy shadow shadow01 shadow1! shadow12 shadow123
shadow1234 shadow12345 shadow4ever shadow69 shadowpass shadowshadow shannon shannon! shannon01
shannon1 shannon1! shannon12 shannon123 shannon1234 shannon12345 shannon4ever shannon69
shannonpass shannonshannon shark shark123 shark1234 shark12345 shark4ever sharkpass sharkshark
shorty shorty01 shorty1! shorty12 shorty123 shorty1234 shorty12345 shorty4ever shorty69 shortypass
shortyshorty silver silver01 silver1! silver12 silver123 silver1234 silver12345 silver4ever
silver69 silverpass silversilver sister sister01 sister1! sister12 sister123 sister1234
sister12345 sister4ever sister69 sisterpass sistersister slipknot smokey smokey01 smokey1!
smokey12 smokey123 smokey1234 smokey12345 smokey4ever smokey69 smokeypass smokeysmokey snoopy
snoopy01 snoopy1! snoopy12 snoopy123 snoopy1234 snoopy12345 snoopy4ever snoopy69 snoopypass
snoopysnoopy snow snow1234 snow12345 snow4ever snowpass snowsnow soccer soccer01 soccer1! soccer12
soccer123 soccer1234 soccer12345 soccer4ever soccer69 soccerpass soccersoccer sofia sofia123
sofia1234 sofia12345 sofia4ever sofiapass sofiasofia softball sonic sonic123 sonic1234 sonic12345
sonic4ever sonicpass sonicsonic sophia sophia01 sophia1! sophia12 sophia123 sophia1234 sophia12345
sophia4ever sophia69 sophiapass sophiasophia sophie sophie01 sophie1! sophie12 sophie123
sophie1234 sophie12345 sophie4ever sophie69 sophiepass sophiesophie spider spider01 spider1!
spider12 spider123 spider1234 spider12345 spider4ever spider69 spiderman spiderpass spiderspider
spongebob spring spring01 spring1! spring12 spring123 spring1234 spring12345 spring4ever spring69
springpass springspring star star1234 star12345 star4ever starpass starstar starwars starwars1
steelers1 stephanie stephanie! stephanie01 stephanie1 stephanie1! stephanie12 stephanie123
stephanie1234 stephanie12345 stephanie4ever stephanie69 stephaniepass stephaniestephanie steven
steven01 steven1! steven12 steven123 steven1234 steven12345 steven4ever steven69 stevenpass
stevensteven storm storm123 storm1234 storm12345 storm4ever stormpass stormstorm strawberry sugar
sugar123 sugar1234 sugar12345 sugar4ever sugarpass sugarsugar summer summer01 summer1! summer12
summer123 summer1234 summer12345 summer4ever summer69 summerpass summersummer sunday sunday01
sunday1! sunday12 sunday123 sunday1234 sunday12345 sunday4ever sunday69 sundaypass sundaysunday
sunny sunny123 sunny1234 sunny12345 sunny4ever sunnypass sunnysunny sunshine sunshine1 superman
superman1 superstar sw2cde3v sw2cde3vf sw2cde3vfr sw2cde3vfr4 sweet sweet123 sweet1234 sweet12345
sweet4ever sweetheart sweetie sweetie! sweetie01 sweetie1 sweetie1! sweetie12 sweetie123
sweetie1234 sweetie12345 sweetie4ever sweetie69 sweetiepass sweetiesweetie sweetpass sweetpea
sweetsweet sweety sweety01 sweety1! sweety12 sweety123 sweety1234 sweety12345 sweety4ever sweety69
sweetypass sweetysweety sx3edc4r sx3edc4rf sx3edc4rfv sx3edc4rfv5 sx3edc4rfv5t sx3edc4rfv5tg
sx3edc4rfv5tgb sxedcrfv sxedcrfvt sxedcrfvtg sxedcrfvtgb t6y7u8i9 t6y7u8i9o t6y7u8i9o0 t6y7u8i9o0p
taylor taylor01 taylor1! taylor12 taylor123 taylor1234 taylor12345 taylor4ever taylor69 taylorpass
taylortaylor teamo teamo123 teamo1234 teamo12345 teamo4ever teamopass teamoteamo teddy teddy123
teddy1234 teddy12345 teddy4ever teddypass teddyteddy ten12345 ten4ever tennis tennis01 tennis1!
tennis12 tennis123 tennis1234 tennis12345 tennis4ever tennis69 tennispass tennistennis tequiero
test test1234 test12345 test4ever testing1 testing123 testpass testtest texas texas123 texas1234
texas12345 texas4ever texaspass texastexas the123abc theabc123 theabcabc theabcdef theabigail
theaccess theadidas theadmin theadrian theadriana thealexis thealicia theamanda theamber
theamerica theandrea theandreea theandres theandrew theandroid theangel theangel1 theangela
theangelo theanthony theantonio theapple theapples theapril thearsenal theasdfgh theashley
theaugust theaustin theautumn thebabyboy thebailey thebanana thebarbie thebaseball thebasket
thebatman thebeauty thebella thebenfica theberlin thebianca theblack thebless thebonita thebooboo
theboston thebowwow theboxing thebrandon thebrenda thebrian thebrittany thebrother thebubbles
thebuddy thebulls thebunny thebuster thebutter thecameron thecandy thecaptain thecarlos thecarmen
thecasper thecassie theceltic thecharles thecharlie thecheese thechelsea thecherry thechester
thechicken thechief thechloe thechris thechrist thechurch theclaudia thecloud thecoffee thecookie
thecorazon thecowboy thecrystal thecupcake thecutie thedaisy thedallas thedance thedancer
thedaniel thedanielle thedarling thedavid thedecember thedenise thedennis thedenver thedestiny
thediamond thediana thediego thedolphin thedragon thedrums theeagle theearth theeduardo theedward
theelizabeth theemily theeminem theestrella thefacebook thefaith thefalcon thefamily thefather
thefebruary theferrari theflower theflowers thefootball theforest theforever thefrancis thefreedom
thefriday thefriend thefriends thegabriel thegemini thegeorge theginger thegolden thegoogle
thegrace thegreen theguest theguitar thehannah thehappy theharley theheather theheaven thehello
thehello1 thehockey thehonda thehoney thehorse thehorses thehottie thehunter theiloveme theiloveu
theinter theiphone theisabel theisabella thejames thejanuary thejasmine thejason thejasper
thejavier thejennifer thejeremy thejessica thejessie thejesus thejoker thejordan thejoseph
thejoshua thejunior thejustin thekaren thekenneth thekevin thekiller thekisses thekissme thekitten
thekitty theknight thelakers thelaura thelauren thelemon theletmein thelightning thelinux
theliverpool thelogin thelondon thelorena thelovely thelovers theloveyou thelucas thelucky
theluigi themadison themadrid themaggie themango themanuel themarch themarco themaria themariana
themario themartin themarvin themaster themateo thematrix thematthew themegan themelissa
themercedes themetal themexico themiami themichael themichelle themickey themiguel themilan
theminnie themolly themonday themoney themonica themonkey themorgan themother themountain themusic
themustang themylove themyspace thenaruto thenatalie thenathan thenicole theninja thenirvana
thenissan thenokia thenovember theocean theoctober theoliver theolivia theorange thepablo
thepamela thepanda thepanget theparis theparty thepasswd thepassword thepatrick thepeach
thepeaches thepeanut thepedro thepepper thepiano thepikachu thepirate thepizza thepokemon
thepoohbear thepookie theporsche thepretty theprince theprincess thepuppy thepurple theqazwsx
thequeen theqwerty therachel theracing therafael therainbow theranger therangers therebel
therebelde therichard theriver therobert therocket therockstar therocky theronaldo thesadie
thesakura thesamantha thesamsung thesamuel thesandra thesarah thesayang thescooby thescorpio
thesecret theseven theshadow theshannon theshark theshorty thesilver thesister thesmokey thesnoopy
thesoccer thesofia thesonic thesophia thesophie thespider thespring thestephanie thesteven
thestorm thesugar thesummer thesunday thesunny thesweet thesweetie thesweety thetaylor theteamo
theteddy thetennis thetexas thethomas thethree thethunder thetiffany thetiger thetigers thetigger
thetokyo thetoyota thetrustno thetuesday theturtle thetweety thetwitter thevanessa thevegeta
thevictor thevictoria theviking thevolley thewater theweekend thewelcome thewhite thewilliam
thewindows thewinter thewizard theyahoo theyankees theyellow thezelda thezxcvbn thomas thomas01
thomas1! thomas12 thomas123 thomas1234 thomas12345 thomas4ever thomas69 thomaspass thomasthomas
thor thor1234 thor12345 thor4ever thorpass thorthor three three123 three1234 three12345 three4ever
threepass threethree thunder thunder! thunder01 thunder1 thunder1! thunder12 thunder123
thunder1234 thunder12345 thunder4ever thunder69 thunderpass thunderthunder tiffany tiffany!
tiffany01 tiffany1 tiffany1! tiffany12 tiffany123 tiffany1234 tiffany12345 tiffany4ever tiffany69
tiffanypass tiffanytiffany tiger tiger123 tiger1234 tiger12345 tiger4ever tigerpass tigers
tigers01 tigers1! tigers12 tigers123 tigers1234 tigers12345 tigers4ever tigers69 tigerspass
tigerstigers tigertiger tigger tigger01 tigger1! tigger12 tigger123 tigger1234 tigger12345
tigger4ever tigger69 tiggerpass tiggertigger tinkerbell toby toby1234 toby12345 toby4ever tobypass
tobytoby tokyo tokyo123 tokyo1234 tokyo12345 tokyo4ever tokyopass tokyotokyo toortoor toyota
toyota01 toyota1! toyota12 toyota123 toyota1234 toyota12345 toyota4ever toyota69 toyotapass
toyotatoyota truelove trustno trustno! trustno01 trustno1 trustno1! trustno12 trustno123
trustno1234 trustno12345 trustno4ever trustno69 trustnopass trustnotrustno tuesday tuesday!
tuesday01 tuesday1 tuesday1! tuesday12 tuesday123 tuesday1234 tuesday12345 tuesday4ever tuesday69
tuesdaypass tuesdaytuesday turtle turtle01 turtle1! turtle12 turtle123 turtle1234 turtle12345
turtle4ever turtle69 turtlepass turtleturtle tweety tweety01 tweety1! tweety12 tweety123
tweety1234 tweety12345 tweety4ever tweety69 tweetypass tweetytweety twitter twitter! twitter01
twitter1 twitter1! twitter12 twitter123 twitter1234 twitter12345 twitter4ever twitter69
twitterpass twittertwitter two12345 two4ever user user1234 user12345 user4ever userpass useruser
vanessa vanessa! vanessa01 vanessa1 vanessa1! vanessa12 vanessa123 vanessa1234 vanessa12345
vanessa4ever vanessa69 vanessapass vanessavanessa vcxzfdsarewq4321 vegeta vegeta01 vegeta1!
vegeta12 vegeta123 vegeta1234 vegeta12345 vegeta4ever vegeta69 vegetapass vegetavegeta veronica
victor victor01 victor1! victor12 victor123 victor1234 victor12345 victor4ever victor69 victoria
victoria! victoria01 victoria1 victoria1! victoria12 victoria123 victoria1234 victoria12345
victoria4ever victoria69 victoriapass victoriavictoria victorpass victorvictor viking viking01
viking1! viking12 viking123 viking1234 viking12345 viking4ever viking69 vikingpass vikingviking
volley volley01 volley1! volley12 volley123 volley1234 volley12345 volley4ever volley69 volleyball
volleypass volleyvolley w23er45t w23er45ty w23er45ty6 w2cde3vf w2cde3vfr w2cde3vfr4 w2e3r4t5
w2e3r4t5y w2e3r4t5y6 w3e4r5t6 w3e4r5t6y w3e4r5t6y7 w3e4r5t6y7u w3e4r5t6y7u8 w3e4r5t6y7u8i
w3e4r5t6y7u8i9 w3e4r5t6y7u8i9o w3e4r5t6y7u8i9o0 w3e4r5t6y7u8i9o0p water water123 water1234
water12345 water4ever waterpass waterwater we123asd we123asd4 we123asd45 we123asd456 weasdzxc
weekend weekend! weekend01 weekend1 weekend1! weekend12 weekend123 weekend1234 weekend12345
weekend4ever weekend69 weekendpass weekendweekend welcome welcome! welcome01 welcome1 welcome1!
welcome12 welcome123 welcome1234 welcome12345 welcome1970 welcome1971 welcome1972 welcome1973
welcome1974 welcome1975 welcome1976 welcome1977 welcome1978 welcome1979 welcome1980 welcome1981
welcome1982 welcome1983 welcome1984 welcome1985 welcome1986 welcome1987 welcome1988 welcome1989
welcome1990 welcome1991 welcome1992 welcome1993 welcome1994 welcome1995 welcome1996 welcome1997
welcome1998 welcome1999 welcome2000 welcome2001 welcome2002 welcome2003 welcome2004 welcome2005
welcome2006 welcome2007 welcome2008 welcome2009 welcome2010 welcome2011 welcome2012 welcome2013
welcome2014 welcome2015 welcome2016 welcome2017 welcome2018 welcome2019 welcome2020 welcome2021
welcome2022 welcome2023 welcome2024 welcome2025 welcome2026 welcome2027 welcome2028 welcome2029
welcome2030 welcome4ever welcome69 welcomepass welcomewelcome werasdfz werasdfzx werasdfzxc
werasdfzxcv wertyuio wertyuiop wertzuio wertzuiop whatever white white123 white1234 white12345
white4ever whitepass whitewhite william william! william01 william1 william1! william12 william123
william1234 william12345 william4ever william69 williampass williamwilliam wind wind1234 wind12345
wind4ever windows windows! windows01 windows1 windows1! windows12 windows123 windows1234
windows12345 windows4ever windows69 windowspass windowswindows windpass windwind winter winter01
winter1! winter12 winter123 winter1234 winter12345 winter4ever winter69 winterpass winterwinter
wizard wizard01 wizard1! wizard12 wizard123 wizard1234 wizard12345 wizard4ever wizard69 wizardpass
wizardwizard wolf wolf1234 wolf12345 wolf4ever wolfpass wolfwolf word word1234 word12345 word4ever
wordpass wordword wsx12345 wsx3edc4 wsx3edc4r wsx3edc4rf wsx3edc4rfv wsx3edc4rfv5 wsx3edc4rfv5t
wsx3edc4rfv5tg wsx3edc4rfv5tgb wsx4ever wsxedcrf wsxedcrfv wsxedcrfvt wsxedcrfvtg wsxedcrfvtgb
x3edc4rf x3edc4rfv x3edc4rfv5 x3edc4rfv5t x3edc4rfv5tg x3edc4rfv5tgb xcasdqwe xcasdqwe1 xcasdqwe12
xcasdqwe123 xedcrfvt xedcrfvtg xedcrfvtgb xsw2cde3 xsw2cde3v xsw2cde3vf xsw2cde3vfr xsw2cde3vfr4
xsw2zaq1 y7u8i9o0 y7u8i9o0p yahoo yahoo123 yahoo1234 yahoo12345 yahoo4ever yahoopass yahooyahoo
yankees yankees! yankees01 yankees1 yankees1! yankees12 yankees123 yankees1234 yankees12345
yankees4ever yankees69 yankeespass yankeesyankees yellow yellow01 yellow1! yellow12 yellow123
yellow1234 yellow12345 yellow4ever yellow69 yellowpass yellowyellow yoda yoda1234 yoda12345
yoda4ever yodapass yodayoda yourpassword ytrewq123 z2wsx3ed z2wsx3edc z2wsx3edc4 z2wsx3edc4r
z2wsx3edc4rf z2wsx3edc4rfv z2wsx3edc4rfv5 z2wsx3edc4rfv5t z2wsx3edc4rfv5tg z2wsx3edc4rfv5tgb
z@wsx#ed z@wsx#edc zaq12wsx zaq1xsw2 zaq1xsw2c zaq1xsw2cd zaq1xsw2cde zaq1xsw2cde3 zaq1xsw2cde3v
zaq1xsw2cde3vf zaq1xsw2cde3vfr zaq1xsw2cde3vfr4 zelda zelda123 zelda1234 zelda12345 zelda4ever
zeldapass zeldazelda zertyuio zertyuiop zwsxedcr zwsxedcrf zwsxedcrfv zwsxedcrfvt zwsxedcrfvtg
zwsxedcrfvtgb zxcasdqw zxcasdqwe zxcasdqwe1 zxcasdqwe12 zxcasdqwe123 zxcv zxcv1234 zxcv12345
zxcv4ever zxcvbn zxcvbn01 zxcvbn1! zxcvbn12 zxcvbn123 zxcvbn1234 zxcvbn12345 zxcvbn4ever zxcvbn69
zxcvbnm1 zxcvbnm123 zxcvbnpass zxcvbnzxcvbn zxcvpass zxcvzxcv zxcvzxcvzxcv zxcvzxcvzxcvzxcv
zxczxczxc zxczxczxczxc
`
