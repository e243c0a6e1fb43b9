#!/usr/bin/env python3
"""Regenerates src/crypto/common-passwords.ts, tessera's blocklist of common passwords.

No breach corpus is available offline (and none is shipped), so the list is generated from the
patterns that dominate every published top-N list: famous passwords, short words and names with
digit/year/symbol suffixes, keyboard walks, digit runs and phrases. Entries of 8+ characters are
kept (shorter ones are refused by the length rule), plus the 4-7-letter base words, which the
policy uses to catch a common word with a little decoration. Output: lowercase, sorted, unique.

Usage (from the repository root, Python 3.8+, no packages):
    python3 scripts/gen-common-passwords.py            # rewrite src/crypto/common-passwords.ts
    python3 scripts/gen-common-passwords.py --check    # exit 1 when the file is out of date
    python3 scripts/gen-common-passwords.py --list     # print the entries, one per line

The output is deterministic: the same script always produces the same file, byte for byte.
"""
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "src" / "crypto" / "common-passwords.ts"
WIDTH = 98  # longest line of the word block (the file's lines stay under Prettier's 100)

famous = """
123456789 12345678 1234567890 password iloveyou princess rockyou babygirl sunshine chocolate
password1 football butterfly liverpool superman basketball elizabeth tinkerbell samantha
jonathan 987654321 computer whatever spongebob softball beautiful alexandra christian
princess1 carolina alejandro brittany alejandra patricia tequiero 7777777 stephanie fernando
cristina babygurl baseball greenday mahalkita september december mariposa gabriela iloveyou2
kimberly pictures hellokitty babygirl1 angelica mahalko courtney iloveyou1 precious inuyasha
veronica sebastian spiderman christopher hotmail 0123456789 barcelona slipknot cutiepie
monkey1 789456123 volleyball fuckyou1 nicholas cristian chrisbrown internet strawberry
garfield lollipop qwertyuiop superstar harrypotter ihateyou monique midnight vincent christine
jordan23 katherine mercedes abigail icecream brianna aaliyah johncena lovelove letmein
letmein1 trustno1 welcome welcome1 admin123 administrator changeme default test1234 qwerty123
1q2w3e4r 1qaz2wsx zaq12wsx passw0rd p@ssw0rd starwars 1q2w3e4r5t q1w2e3r4 aa123456 abcd1234
a1b2c3d4 football1 baseball1 iloveyou! password123 password12 password! passw0rd1 qwerty1234
qwertyui asdfghjkl asdfasdf zxcvbnm1 1qazxsw2 qazwsxedc qwer1234 asdf1234 zxcv1234 abc12345
abcdefgh abcdefg1 abcd12345 11111111 00000000 88888888 99999999 12341234 123123123 147258369
741852963 159357456 qwaszx12 q1w2e3r4t5 1a2b3c4d iloveyou123 sunshine1 princess12 superman1
michael1 charlie1 jennifer1 jessica1 michelle1 123456789a 12345678a a123456789 1234qwer
qwerty12 qwerty11 letmein123 welcome123 master123 dragon123 monkey123 shadow123 baseball123
football123 changeme1 secret123 default1 access14 mustang1 harley1 ranger1 matrix1 thunder1
password2 password3 password01 passwords mypassword yourpassword newpassword oldpassword
thepassword password1234 password12345 passwordpassword adminadmin administrator1 rootroot
toortoor guestguest testtest test12345 testing1 testing123 demo1234 user1234 login123 qwerty00
iloveyou12 iloveyou3 iloveu123 ilovemyself ilovemymom ilovemydad ilovejesus ilovegod
godisgood jesuschrist jesussaves blessed1 blessing forever1 foreverlove loveyou1 lovelove1
teamo123 lovely123 onelove1 truelove myheart1 sweetheart sweetpea honeybee1 babydoll
cookiemonster sexygirl sexybitch 69696969 696969696 12344321 11223344 11112222 12121212
13131313 14141414 20202020 21212121 22222222 33333333 44444444 55555555 66666666 77777777
10203040 1020304050 10101010 01010101 98765432 87654321 1234554321 12345678910 0987654321
1q1q1q1q 1z2x3c4v asdqwe123 qweasdzxc qweasd123 zxcasdqwe zaq1xsw2 xsw2zaq1 !qaz2wsx
1qaz@wsx 1qaz!qaz q2w3e4r5 asdf;lkj qwertyuiop123 qwertzuiop azertyuiop ytrewq123
qazxswedc wsxedcrfv edcrfvtgb poiuytrewq lkjhgfdsa mnbvcxz1 0okm9ijn 1qw23er4 zxcvbnm123
starwars1 pokemon1 naruto123 minecraft minecraft1 fortnite1 roblox123 pokemon123 dragonball
onepiece1 blink182 eminem123 metallica linkinpark nirvana1 beatles1 rockandroll rocknroll
manchester chelsea1 arsenal1 liverpool1 barcelona1 realmadrid juventus1 manutd99 yankees1
redsox04 steelers1 cowboys1 packers1 lakers24 chicago1 newyork1 california texas123
america1 canada123 london123 paris123 mexico123 brasil123 portugal1 australia scotland1
"""

words = """
love angel baby monkey dragon shadow master hunter killer ranger tiger jordan buster soccer
hockey pepper ginger cookie cheese summer winter spring autumn purple orange yellow silver
golden black white green flower blue pink red gold diamond crystal rainbow heaven star
sunny happy lucky money mother father sister brother family friend friends secret freedom
maggie bailey daisy molly buddy rocky lucky charlie max bella lucy sadie sophie chloe coco
oliver jack toby duke bear teddy snoopy tigger tweety mickey minnie kitty puppy
michael daniel david james robert john joseph thomas chris matthew andrew joshua anthony
william richard charles steven kevin brian jason justin ryan eric adam alex nick jeremy
jessica ashley amanda sarah jennifer nicole michelle melissa stephanie heather elizabeth
lauren rachel hannah emily megan amber samantha brittany danielle tiffany laura emma olivia
sophia isabella mia ava abigail madison grace lily anna maria carlos jose juan luis pedro
miguel diego pablo sofia lucas mateo gabriel rafael antonio marco mario luigi peach
apple banana mango cherry lemon peanut butter sugar honey candy cupcake pizza coffee
football baseball soccer tennis golf boxing hockey basket volley racing
jesus christ god lord angel faith hope grace bless church
hello welcome letmein access login admin root user guest test demo pass word
qwerty asdf zxcv abcd abc qaz wsx
dog cat fish bird horse pony eagle falcon wolf lion panda bunny turtle dolphin shark
spider batman joker hulk thor zelda mario sonic pikachu naruto goku vegeta yoda jedi
matrix ninja pirate wizard knight viking cowboy rebel rocket thunder storm lightning
fire water earth wind ice snow rain cloud ocean river forest mountain
music guitar piano drums rock metal punk jazz dance party
sexy hot cute sweet pretty lovely baby babe honey darling cutie
king queen prince princess lady lord boss chief captain
mustang ferrari porsche harley honda toyota nissan bmw audi mercedes
chelsea arsenal liverpool milan inter celtic rangers lakers bulls yankees
london paris berlin madrid rome tokyo texas dallas boston miami denver
google yahoo facebook twitter apple samsung nokia iphone android windows linux
january february march april may june july august october november december
monday tuesday friday sunday weekend
one two three seven nine ten
"""

short_famous = """
qwerty abc123 monkey dragon shadow master letmein trustno iloveu 123abc abcdef abcabc
hello1 lovely nicole daniel jordan friends purple angel1 secret andrea carlos joshua
bubbles hannah amanda loveyou pretty flower hottie charlie barbie lovers teamo jasmine
brandon melissa eminem matthew robert forever family dragon vanessa cookie naruto summer
sweety joseph junior taylor yellow lauren mickey alexis estrella miguel william thomas
mylove angela poohbear patrick iloveme sakura adrian destiny sayang america dancer monica
richard orange shorty nathan snoopy gabriel hunter cherry killer sandra george rachel cheese
arsenal dolphin antonio heather ginger peanut sweetie beauty victoria honey pokemon maggie
corazon chicken pepper rainbow kisses manuel myspace rebelde heaven martin mother batman
morgan maria bailey jeremy pamela gemini shannon sophie jessie claudia austin victor horses
tiffany mariana eduardo andres booboo kissme harley ronaldo october peaches adriana cutie
james banana prince friend crystal celtic edward oliver diana samsung freedom angelo kenneth
scooby carmen samuel cameron bonita kevin babyboy casper brenda adidas kitten karen mustang
isabel natalie javier sarah bowwow laura marvin denise tigers jasper rockstar january
alicia flowers bianca chester smokey silver sweet dennis panget francis cassie benfica
apples scorpio lorena andreea rafael mexico nirvana pookie kitty zxcvbn asdfgh qazwsx
football soccer hockey ranger thunder matrix access welcome admin login passwd pass
"""

suffixes = ["", "1", "12", "123", "1234", "12345", "!", "1!", "01", "69", "4ever"]
years = [str(y) for y in range(1970, 2031)]
prefixes = ["i love", "ilove", "my", "the", "iam", "im", "super", "big", "little", "lil", "mr", "miss"]

def keyboard_walks():
    rows = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop",
            "1qaz2wsx3edc4rfv5tgb", "zaq1xsw2cde3vfr4", "qazwsxedcrfvtgb", "1q2w3e4r5t6y7u8i9o0p",
            "q1w2e3r4t5y6", "a1s2d3f4g5h6", "!qaz@wsx#edc", "1234qwerasdfzxcv", "qweasdzxc", "asdqwezxc",
            "0987654321", "poiuytrewq", "lkjhgfdsa", "mnbvcxz", "147258369", "741852963", "159753486",
            "963852741", "123qweasdzxc", "qwe123asd456", "1qw23er45ty6", "zxcasdqwe123"]
    out = set()
    for row in rows:
        for n in range(8, len(row) + 1):
            for i in range(0, len(row) - n + 1):
                seg = row[i:i + n]
                out.add(seg)
        if len(row) >= 8:
            out.add(row[::-1])
    # doubled short walks: qweqwe, asdasd...
    for s in ["qwe", "asd", "zxc", "qwer", "asdf", "zxcv", "1234", "abcd", "1qaz", "aaaa", "abc", "123"]:
        for k in range(2, 5):
            out.add(s * k)
    return out

def digit_patterns():
    out = set()
    for d in "0123456789":
        for n in range(8, 13):
            out.add(d * n)
    seq = "01234567890123456789"
    for n in range(8, 12):
        for i in range(10):
            out.add(seq[i:i + n])
            out.add(seq[i:i + n][::-1])
    for a in ["12", "123", "1234", "12345", "11", "112", "121", "69", "13", "1122"]:
        for k in range(2, 6):
            s = a * k
            if 8 <= len(s) <= 16:
                out.add(s)
    for y in years:
        out.add(y + y)
        out.add(y * 2 + "!")
        out.add("0101" + y)
        out.add("1234" + y)
        out.add(y + "1234")
    return out

def entries():
    out = set()
    for w in (famous + short_famous).split():
        out.add(w)
    base = set(words.split()) | set(short_famous.split())
    for w in base:
        for s in suffixes:
            out.add(w + s)
        out.add(w + w)
        out.add(w + "pass")
    for p in prefixes[:4]:
        for w in base:
            out.add((p + w).replace(" ", ""))
    out |= keyboard_walks()
    out |= digit_patterns()
    for w in ["password", "iloveyou", "letmein", "welcome", "qwerty", "admin", "monkey", "dragon"]:
        for y in years:
            out.add(w + y)

    out = set(e for e in out if len(e) >= 8)
    out |= set(w for w in base if len(w) >= 4 and w.isalpha())
    # Backquotes, backslashes and `$` would break the template literal; spaces the splitting.
    safe = (e for e in out if all(c.isascii() and c.isprintable() and c not in " `\\$" for c in e))
    return sorted(set(e.lower() for e in safe))


def wrap(items, width):
    lines, line = [], ""
    for item in items:
        if line and len(line) + 1 + len(item) > width:
            lines.append(line)
            line = item
        else:
            line = item if not line else line + " " + item
    lines.append(line)
    return lines


def module(items):
    long_ones = sum(1 for e in items if len(e) >= 8)
    header = f"""/**
 * The blocklist of common passwords that `checkPasswordPolicy` refuses (ASVS v5.0.0-6.2.4,
 * checklist CL-38): {len(items)} lowercase entries, {long_ones} of them 8 characters or longer, the rest
 * 4\u20137-letter words used to catch a common word with a little decoration (`monkey2024!`).
 *
 * No breach corpus is shipped or downloaded. The list is generated from the patterns that
 * dominate every published top-N list: the best-known passwords themselves, common words, names,
 * pets, teams and brands with digit, year and symbol suffixes, `ilove\u2026`/`my\u2026` phrases, keyboard
 * walks (`qwertyuiop`, `1qaz2wsx`) and digit runs (`12345678`, `11111111`, `20242024`).
 * Matching is case-insensitive and undoes common leetspeak, so only lowercase forms are stored.
 *
 * Kept as one string, split into a `Set` on first use, so importing the module costs nothing.
 *
 * @module
 */

/** Whitespace-separated, lowercase, sorted. */
export const COMMON_PASSWORDS: string = `
"""
    return header + "\n".join(wrap(items, WIDTH)) + "\n`\n"


def main(argv):
    items = entries()
    if "--list" in argv:
        sys.stdout.write("\n".join(items) + "\n")
        return 0
    text = module(items)
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            sys.stderr.write(f"{TARGET} is out of date: run python3 scripts/gen-common-passwords.py\n")
            return 1
        print(f"{TARGET.name} is up to date ({len(items)} entries)")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({len(items)} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
