#!/usr/bin/env python3
"""Deterministic generator of labelled synthetic complaints (text,label CSV) across the 24 Pekalongan OPDs.

Each row: a core (`thing issue` from topics.py) in a frame of one register (formal, informal, SMS, Javanese,
mixed, English), with place words, a duration, sometimes a confounding mention of another agency's place, and
noise (shorthand, typos, capitals, emoji). Frames place names and (where a group has three or more) things and
issues are split: the test file uses frames and places the train file never sees, and in half its rows things
and issues it never sees, so the held-out split is kept apart from training by construction and measures
generalisation, not recall of templates.

Usage: generate.py OUT_DIR [--n-train 4000] [--n-test 1000] [--n-big 10000] [--seed 16]
Writes OUT_DIR/synth_train.csv, synth_test.csv, synth_cal.csv (like the test split, other rows: for fitting
the confidence temperature apart from the test rows) and synth_10k.csv (train frames, another seed).
Written for kentongan by its authors; the script and its output are dedicated to the public domain (CC0 1.0)."""

import argparse
import csv
import os
import random

from topics import TOPICS

FRAMES = {  # register: frames; {c} core, {p} place, {d} duration, {x} confounder ("" or ", dekat X")
    "formal": ["Dengan hormat, saya melaporkan {c} di {p}{x}. Mohon segera ditindaklanjuti.",
               "Mohon perhatian, {c} di wilayah {p}{x} sejak {d}.",
               "Kami warga {p} menyampaikan bahwa {c}{x}. Terima kasih.",
               "Saya ingin mengadukan {c} di {p} sudah {d}, mohon tindak lanjut dinas terkait.",
               "Laporan warga: {c} di {p}{x}, mohon dicek petugas.",
               "Yth. Bapak/Ibu, {c} di lingkungan {p}{x} sejak {d}, kami mohon solusinya."],
    "informal": ["min {c} di {p}{x} udah {d}, tolong dong",
                 "{c} nih di {p}{x}, gimana sih pemkot",
                 "tolong ya {c} di daerah {p} dari {d}{x}",
                 "kok {c} sih di {p}{x}, udah {d} ga ada yg urus",
                 "lapor min, {c} di {p}{x}",
                 "parah bgt {c} di {p}, udah {d}{x}",
                 "ini gimana {c} di {p}{x}?? capek nunggu"],
    "sms": ["{c} dkt {p} sdh {d} mhn dicek",
            "lapor {c} di {p}{x} tlg",
            "{c} {p} blm ada tindakan",
            "aduan: {c} di {p}{x} sdh {d}",
            "mhn bantu {c} {p}{x}"],
    "javanese": ["{c} neng {p}{x}, wis {d} ora ana sing ngurusi",
                 "tulung {c} neng {p}{x}",
                 "nyuwun tulung, {c} wonten {p}{x} sampun {d}",
                 "lha iki {c} neng {p} kok ra didandani",
                 "{c} ning {p}{x}, piye iki"],
    "mixed": ["mas admin {c} di {p}{x}, wis {d} lho",
              "tolong min {c} neng {p}, ora ono sing peduli",
              "{c} di {p}{x} pripun niki, sudah {d}",
              "halo kak, {c} ning {p}{x} ya"],
}
EN_FRAMES = ["Hello, {c} near {p}. Please help.", "{c} in {p} for {d}, please fix it",
             "Complaint: {c} at {p}", "Please check, {c} around {p} since {d}",
             "Hi admin, {c} in {p}", "Why {c} in {p}? nobody cares"]
PLACES = ["Medono", "Podosugih", "Krapyak", "Kuripan", "Banyurip", "Buaran", "Pasirsari", "Tirto", "Bendan",
          "Kergon", "Sapuro", "Kramatsari", "Panjang Wetan", "Kandang Panjang", "Degayu", "Poncol", "Noyontaan",
          "Klego", "Kauman", "Landungsari", "Setono", "Pringrejo", "Tegalrejo", "Jenggot", "Kradenan", "Duwet",
          "Soko", "Bandengan", "Padukuhan Kraton", "Gamer", "Jl. Hayam Wuruk", "Jl. Sultan Agung", "Jl. Merdeka",
          "Jl. Dr. Sutomo", "Jl. KH Mansyur", "Jl. Imam Bonjol", "Jl. Gajah Mada", "Jl. Pemuda"]
WRAP = ["kelurahan {}", "kecamatan Pekalongan {}", "RT 0{} RW 0{}", "desa {}", "gang {}", "{}"]
SIDES = ["Barat", "Timur", "Utara", "Selatan"]
CONFOUND = ["dekat sekolah", "depan puskesmas", "samping pasar", "dekat kantor kelurahan", "depan masjid",
            "dekat kantor camat", "dekat jalan raya", "belakang rumah sakit", "dekat pantai", "depan kantor polisi",
            "dekat lampu merah", "samping TPS"]
VAGUE = ["sudah lapor tapi tidak ditanggapi", "pelayanannya buruk", "petugasnya tidak ada", "mohon segera",
         "sudah berkali-kali", "warga resah", "tolong pak wali", "kami kecewa", "sudah viral di grup"]
DURATION = ["seminggu", "dua hari", "sebulan", "kemarin", "tiga minggu", "lama", "pagi tadi", "lebaran"]
EN_DURATION = ["a week", "two days", "a month", "days"]
JAVA = {"tidak": "ora", "sudah": "wis", "jalan": "dalan", "air": "banyu", "sampah": "uwuh", "dekat": "cedhak",
        "rusak": "rusak", "besar": "gedhe", "mati": "mati", "rumah": "omah", "sekali": "banget", "minta": "njaluk",
        "uang": "duit", "gelap": "peteng", "anak": "bocah", "sakit": "lara", "banyak": "akeh", "bau": "mambu"}
SHORT = {"yang": "yg", "tidak": "tdk", "sudah": "sdh", "belum": "blm", "dengan": "dgn", "karena": "krn",
         "untuk": "utk", "jalan": "jln", "tolong": "tlg", "mohon": "mhn", "banget": "bgt", "sekali": "bgt",
         "dari": "dr", "rumah": "rmh", "sama": "sm", "saya": "sy", "kami": "kmi", "gimana": "gmn"}


def split(items, test):
    """Every fourth item (from 1) goes to the test side; the rest to train."""
    return [x for i, x in enumerate(items) if (i % 4 == 1) == test]


def items(alternatives, test):
    """A group's things or issues; with three or more, every fourth is kept for unseen test rows."""
    parts = alternatives.split("|")
    return split(parts, test) if len(parts) >= 3 else parts


def place(rng, places):
    name = rng.choice(places)
    wrap = "{}" if name.startswith("Jl.") else rng.choice(WRAP)
    if "RT" in wrap:
        return wrap.format(rng.randint(1, 9), rng.randint(1, 9))
    return wrap.format(rng.choice(SIDES) if "kecamatan" in wrap else name)


def noisy(rng, text, register):
    words = text.split()
    if register in ("sms", "informal") or rng.random() < 0.15:
        words = [SHORT.get(w.lower(), w) if rng.random() < 0.7 else w for w in words]
    if register == "sms" and rng.random() < 0.5:
        words = [w[0] + "".join(ch for ch in w[1:] if ch not in "aeiou") if len(w) > 4 and rng.random() < 0.4
                 else w for w in words]
    if rng.random() < 0.2:
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4:
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:] if rng.random() < 0.5 else w[:j] + w[j + 1:]
    text = " ".join(words)
    if rng.random() < 0.08:
        text = text.upper()
    if rng.random() < 0.1:
        text += rng.choice([" 😡", " 🙏", "!!!", " ???", " bgt dah", " makasih"])
    return text


def complaint(rng, code, test):
    indo, english = TOPICS[code]
    places = split(PLACES, test)
    if rng.random() < 0.08:
        frames, groups, dur, register = split(EN_FRAMES, test), english, EN_DURATION, "english"
    else:
        register = rng.choices(list(FRAMES), weights=[3, 4, 3, 2, 2])[0]
        frames, groups, dur = split(FRAMES[register], test), indo, DURATION
    things, issues = rng.choice(groups)
    unseen = test and rng.random() < 0.5  # half the test rows use things and issues training never has
    thing = rng.choice(items(things, unseen)) if things else ""
    core = (thing + " " + rng.choice(items(issues, unseen))).strip()
    if register == "javanese":
        core = " ".join(JAVA.get(w, w) for w in core.split())
    x = ", " + rng.choice(CONFOUND) if register != "english" and rng.random() < 0.4 else ""
    if rng.random() < 0.3:
        x += ", " + rng.choice(VAGUE)
    text = rng.choice(frames).format(c=core, p=place(rng, places), d=rng.choice(dur), x=x)
    return noisy(rng, text, register)


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["text", "label"])
        out.writerows(rows)


def rows(seed, n, test, taken):
    rng = random.Random(seed)
    codes = sorted(TOPICS)
    out = []
    while len(out) < n:
        code = codes[len(out) % len(codes)]
        text = complaint(rng, code, test)
        if text not in taken:
            taken.add(text)
            out.append((text, code))
    rng.shuffle(out)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--n-train", type=int, default=4000)
    ap.add_argument("--n-test", type=int, default=1000)
    ap.add_argument("--n-big", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=16)
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    taken = set()
    write(os.path.join(a.out_dir, "synth_train.csv"), rows(a.seed, a.n_train, False, taken))
    write(os.path.join(a.out_dir, "synth_test.csv"), rows(a.seed + 1, a.n_test, True, taken))
    write(os.path.join(a.out_dir, "synth_cal.csv"), rows(a.seed + 3, a.n_test // 2, True, taken))
    write(os.path.join(a.out_dir, "synth_10k.csv"), rows(a.seed + 2, a.n_big, False, set()))


if __name__ == "__main__":
    main()
