"""Japanese hard cases: vocabulary gaps, weak words and look-alikes, on the rules alone.

Each table pins one phenomenon found in the Japanese labelled data
(train and dev splits only): violent verbs in the forms that announce harm,
curses, sexual slang, contempt for a group, reported abuse, and insults of
someone absent, which are recorded but stay under the threshold alone.
The product's notion wins where the data's differs: a customer calling
staff バカ is harassment, so bare insults said to the listener still cross.
"""

from __future__ import annotations

import pytest

from kasudesk.screening import screen

pytestmark = pytest.mark.usefixtures("rules_only")

MANNER = frozenset({"threat", "verbal_abuse", "intimidation", "discrimination", "sexual_conduct"})
# Every manner behavior a look-alike of the shared endings could be taken for.
MANNER_ALL = MANNER | {
    "kneeling_demand",
    "personal_attack",
    "physical_attack",
    "refusal_to_leave",
    "persistent_contact",
}

# (text, behavior, the exact original words the signal must highlight)
FOUND = [
    # harm announced or wished: volitional, "I'll", imperative, "should be"
    ("ライターでその顔を炙ろうか", "threat", "炙ろう"),
    ("八つ裂きにしてやる", "threat", "八つ裂き"),
    ("ボコってやる", "threat", "ボコってやる"),
    ("フルボッコにしてやる", "threat", "フルボッコ"),
    ("あいつらは撃たれるべきだ", "threat", "撃たれるべき"),
    ("首を絞めてやる", "threat", "首を絞めてやる"),
    # spoken and regional conjugations, and disposal threats
    ("殴んぞ", "threat", "殴んぞ"),
    ("刺したろか", "threat", "刺したろ"),
    ("火ぃつけたろか", "threat", "火ぃつけたろ"),
    ("東京湾に沈めるぞ", "threat", "東京湾に沈めるぞ"),
    ("生きて帰れると思うなよ", "threat", "生きて帰れると思うな"),
    # threats reported in the active voice
    ("電話の客が店に押しかけて大暴れすると脅していた", "threat", "すると脅"),
    # curses
    ("地獄に落ちろ", "verbal_abuse", "地獄に落ちろ"),
    ("お前なんか死んだ方がいい", "verbal_abuse", "死んだ方がいい"),
    # insults the old patterns missed
    ("電話に出た奴、クソ馬鹿じゃねえか", "verbal_abuse", "クソ馬鹿"),
    ("おいメス、早くレジ打てよ", "verbal_abuse", "おいメス"),
    ("お前を犬と比べたら犬に失礼だ", "verbal_abuse", "犬に失礼"),
    # abuse named rather than quoted, as staff write it up
    ("お客様から暴言を吐かれた。", "verbal_abuse", "暴言を吐かれ"),
    ("大勢の前で罵倒された。", "verbal_abuse", "罵倒され"),
    # name-calling of the writer or staff, told in the active voice
    ("お客様は私をバカ呼ばわりした", "verbal_abuse", "私をバカ呼ばわり"),
    ("店員を「無能」と何度も呼んだ", "verbal_abuse", "店員を「無能」と何度も呼んだ"),
    # contempt for a group, and slurs
    ("薄汚い難民どもめ", "discrimination", "薄汚い難民"),
    ("移民の戯言に付き合う暇はない", "discrimination", "移民の戯言"),
    ("外国人にはうんざりだ", "discrimination", "外国人にはうんざり"),
    ("列に割り込んでくる気狂い野郎", "discrimination", "気狂い"),
    ("アスペかよ", "discrimination", "アスペ"),
    ("在日のくせに", "discrimination", "在日のくせ"),
    # sexual slang (katakana ヤる is the sexual verb)
    ("アソコ見せてよ", "sexual_conduct", "アソコ"),
    ("あの店員とヤりたい", "sexual_conduct", "ヤりたい"),
    ("孕ませてやる", "sexual_conduct", "孕ませ"),
    ("乳首を触らせて", "sexual_conduct", "乳首を触"),
    ("今日のパンツ何色?", "sexual_conduct", "今日のパンツ何色"),
    # written for this project: dialect threats (Hakata, Hiroshima, Kansai, Kanto)
    ("なめとったらくらすぞ", "threat", "くらすぞ"),
    ("おどれ、たたき回すぞ", "threat", "たたき回す"),
    ("いてもうたろか", "threat", "いてもうたろ"),
    ("ぶん殴っぞ", "threat", "ぶん殴っぞ"),
    ("ぶったたくぞ", "threat", "ぶったたくぞ"),
    # menace in keigo, and threats buried in a polite e-mail
    ("今のうちに返金なさった方が身のためですよ", "threat", "た方が身のため"),
    ("私を怒らせると後悔なさいますよ", "threat", "怒らせると後悔"),
    (
        "交換をお願いします。次も間違えたら、ご家族がどうなっても知りませんよ。",
        "threat",
        "どうなっても知りません",
    ),
    (
        "ご回答がなければ、担当者の方のご自宅に直接伺います。",
        "threat",
        "担当者の方のご自宅に直接伺",
    ),
    ("次は包丁を持っていきますので、そのおつもりで。", "threat", "包丁を持っていきますので、その"),
    # property damage in spoken forms
    ("店のガラス、全部割ってやる", "threat", "割ってやる"),
    ("ダンプでこの店に突っ込んでやる", "threat", "ダンプでこの店に突っ込んでやる"),
    # exposure with words between the site and the verb
    (
        "レビューにこの店員の本名を載せておきます",
        "online_defamation",
        "レビューにこの店員の本名を載",
    ),
    (
        "ネットにお前の名前を書き込んでやる",
        "online_defamation",
        "ネットにお前の名前を書き込んでやる",
    ),
    # refusing staff for disability or origin; a date proposal; kneeling forms
    ("目が見えないなら店に立つなよ", "discrimination", "目が見えないなら店に立つなよ"),
    ("韓国人の店員に接客されたくない", "discrimination", "韓国人の店員に接客されたくない"),
    ("シフト終わったらふたりで飲みに行こうよ", "sexual_conduct", "ふたりで飲みに行こう"),
    ("額を地面にこすりつけて詫びろ", "kneeling_demand", "額を地面にこすりつけて詫"),
    # written for this project: staff reached for outside work, told by staff
    ("レジの子の住所教えてくれよ", "personal_attack", "住所教えてくれ"),
    ("受付の方のご自宅の住所を伺えますか", "personal_attack", "受付の方のご自宅の住所を伺"),
    ("バイト終わるまで裏で待ってるね", "personal_attack", "バイト終わるまで裏で待って"),
    ("お客様にシフトを教えろと何度も迫られた。", "personal_attack", "シフトを教えろ"),
    ("お客様に腕を掴まれ、しばらく離してもらえなかった。", "physical_attack", "腕を掴まれ"),
    ("電話口で卑猥な冗談を繰り返された。", "sexual_conduct", "卑猥な冗談を繰り返"),
    (
        "同じ苦情で30回以上メールが届いている。",
        "persistent_contact",
        "同じ苦情で30回以上メールが届",
    ),
    ("派遣の社員を処分するよう迫られた。", "personal_attack", "処分するよう迫"),
    # written for this project: blows and throws in staff notes, active voice
    (
        "受取人が、荷物を受け取った直後にドライバーの腹部を蹴った。警察に通報済み。",
        "physical_attack",
        "ドライバーの腹部を蹴った",
    ),
    (
        "保護者が激高し、バインダーを担任Uに向かって投げた。",
        "physical_attack",
        "担任Uに向かって投げた",
    ),
    ("男性客が店員を殴った。", "physical_attack", "店員を殴った"),
    # a mark put between the kana, and the stem cut off
    ("お前し〇ねよ", "verbal_abuse", "し〇ね"),
    ("まじでぶっ殺", "threat", "ぶっ殺"),
    # a dropped particle and a softened order
    ("だから日本人出せよ", "discrimination", "日本人出せ"),
    ("もうあんたの国に帰りなよ", "discrimination", "国に帰りなよ"),
]


@pytest.mark.parametrize(("text", "behavior", "words"), FOUND)
def test_it_points_at_new_japanese_vocabulary(text: str, behavior: str, words: str) -> None:
    found = [(s.text, s.start, s.end) for s in screen(text).signals if s.behavior == behavior]
    start = text.index(words)
    assert (words, start, start + len(words)) in found


# Alone, on the rules alone, these reach the default threshold.
HARASSING = [
    # customer-service pressure in forms written for this project
    "社長を今すぐここに連れてこい",
    "今から行くから首を洗って待ってろ",
    "この件で毎日電話するからな",
    "外国人の店員なんか出すな",
    "お前んとこの会社、ぶっ潰したるからな",
    "わしを誰や思とんねん",
    "今度来たとき、どうなるかわかってるよな",
    "こんな簡単なこともできないのか、親の顔が見てみたい",
    "八つ裂きにしてやる",
    "地獄に落ちろ",
    "薄汚い難民どもめ",
    "お客様は私をバカ呼ばわりした",
    "バカ呼ばわりされた",
    "バカと呼ばれた",
    # a gendered slur stays abuse even when reported as name-calling
    "隣の客が連れの女性をメス豚呼ばわりしていた",
    "あの店員とヤりたい",
    # the product's notion: said to staff, a bare insult is abuse
    "バカ",
    "お前はバカか",
    "このクソ女が",
    "この野郎",
    # written for this project: dialect, keigo menace, staffing pressure
    "きさん、なめとったらくらすぞ",
    "お前んとこの店なんか潰したるで",
    "あなたの処遇などどうにでもできるんですよ",
    "本社の専務とは古い付き合いなんだぞ",
    "返事をいただけるまで、毎日お電話し続けますから",
    "謝罪が済むまでここを一歩も動かないからな",
    "始末書を書いて自宅まで持参しろ",
    "いい体してんな、ねえちゃん",
    "年寄りじゃ話にならん、若いのに代われ",
    "はよ辞めれ",
    # written for this project: chat, phone and keigo forms of stalking and coercion
    "お姉さんの家どこ?今度遊びに行くね",
    "休みの日でも会いたいな、ライン教えてよ",
    "あのー、いまどんな下着つけてるの?",
    "これだから年寄りは困るんだよ",
    "女なんかじゃ話にならん、男出せよ",
    "車椅子の人が接客なんかするなよ",
    "返事がない限り、毎晩お電話させていただきます",
    "お客様、ご自分の立場をよくお考えください。今の仕事を失うことになりますよ",
    "このまま誠意が見えないなら、どうなるか、お分かりですよね",
    "背中にはせいぜいお気をつけて",
    "お前の通勤路は知ってるからな",
    "責任者の方には、土下座にてお詫びいただきたい",
    "分かるまで何時間でもお付き合いいただきますよ",
    "担当の方にはご自宅までお越しいただき、謝罪していただきます",
]


@pytest.mark.parametrize("text", HARASSING)
def test_it_flags_new_japanese_harassment(text: str) -> None:
    assert screen(text).score >= 0.5


# Written for this project: one announcement in the inflections and registers
# the shared endings of rules_ja.toml give every verb of harm (Kansai, Chūgoku
# and Kyūshū, Tōhoku, sarcastic and polite), and the same pressure in keigo.
INFLECTED = [
    ("殴ったるけん", "threat"),
    ("殴るばい", "threat"),
    ("殴ってあげましょうか", "threat"),
    ("ころしちゃるけえの", "threat"),
    ("刺してあげようか", "threat"),
    ("ぶっ飛ばしたろか", "threat"),
    ("蹴り入れたるわ", "threat"),
    ("首絞めたろか", "threat"),
    ("店に火をつけますよ", "threat"),
    ("ただじゃすまさへんで", "threat"),
    ("刺されても知らんぞ", "threat"),
    ("娘さんの学校、把握しておりますので", "threat"),
    ("死んでほしいわ", "verbal_abuse"),
    ("死にさらせ", "verbal_abuse"),
    ("土下座せえや", "kneeling_demand"),
    ("膝ついて詫びろ", "kneeling_demand"),
    ("若い女のくせに説教すんな", "discrimination"),
    ("ホテル行かへん?", "sexual_conduct"),
    ("今晩お食事でもどうですか", "sexual_conduct"),
    ("何時に上がるん?家まで乗せたるわ", "personal_attack"),
    ("クビにしたろか", "personal_attack"),
    ("動かへんからな", "refusal_to_leave"),
    ("帰さへんぞ", "refusal_to_leave"),
    ("毎晩電話したるからな", "persistent_contact"),
    ("ペットボトルを店員めがけて投げてきた", "physical_attack"),
]


# Written for this project: the same verbs and endings about food, games,
# chores, accidents and the staff's own words.
INFLECTED_LOOK_ALIKES = [
    "子供がすぐおもちゃを壊しちゃう",
    "この焼き鳥は串に刺して焼きます",
    "ハエを殴ってやろうとしたら逃げた",
    "格ゲーでボコられた",
    "コンロに火をつけますね",
    "蚊に刺されても知らないうちに治る",
    "ご住所は把握しておりますので、お届けいたします",
    "娘の顔も知ってる常連さんです",
    "死んでほしくない",
    "土下座せんでええよ",
    "地面に頭をつけないようにヨガをする",
    "彼女が偉そうに言うのは嫌い",
    "ホテルに行かないので、キャンセルします",
    "よろしければお食事もいかがですか",
    "何時に終わりますか?迎えのタクシーを呼びたいので",
    "首にしてもらったマッサージが気持ちよかった",
    "今日は帰らへんかったら怒られる",
    "帰さないでほしいと子供が言った",
    "毎日電話してるけど繋がらない",
    "私に投げかけられた質問",
]


# Weak or indirect: the behavior is recorded for the judgment core, but one
# such signal alone stays under the threshold.
WEAK = [
    # an insult of someone absent (あの), not of the listener
    ("俺はもうあのクソ野郎の店には行かない", "verbal_abuse"),
    ("あの間抜け、また住所を間違えて届けやがった", "verbal_abuse"),
    # abuse named, not quoted: customers complain of staff in the same words
    ("お客様から暴言を吐かれた。", "verbal_abuse"),
    ("店員に侮辱されたと感じました", "verbal_abuse"),
    # brusque, not abusive
    ("うるせえ", "verbal_abuse"),
    # mild insults
    ("あの政治家はクズだ", "verbal_abuse"),
    ("言い訳ばかりで女々しい奴だな", "verbal_abuse"),
    ("あんたの母ちゃんって出べそなんだろ", "verbal_abuse"),
    # name-calling of a third party reported, not made
    ("課長が取引先の社長をクソ野郎呼ばわりした", "verbal_abuse"),
    ("兄は上司を「クズ課長」と呼んでいる", "verbal_abuse"),
]


@pytest.mark.parametrize(("text", "behavior"), WEAK)
def test_it_records_a_weak_sign_without_flagging_it(text: str, behavior: str) -> None:
    result = screen(text)
    assert behavior in result.behaviors
    assert result.score < 0.5


def test_it_adds_up_a_mild_insult_said_to_the_listener() -> None:
    alone = screen("あいつはろくでなしだ").score
    addressed = screen("お前はろくでなしだ").score
    assert alone < 0.5 <= addressed


# Look-alikes from ordinary customer service and narrative: no manner signal.
UNFLAGGED = [
    "選挙の討論会はただの怒鳴り合戦だった",
    "ドラマの主役がまたクソ女優だった",
    "哺乳瓶の乳首の替えはありますか",
    "ヤマト運輸で送ってください",
    "ヤクルトを2本ください",
    "あのバカ高い値段はなんですか",
    "あのアホみたいに長い列は何ですか",
    "オスとメスの違いは何ですか",
    "魚を炙って食べた",
    "黒人の歴史について展示はありますか",
    "移民の手続きについて教えてください",
    "白人の男性のお客様がいらっしゃいました",
    "昨日は暴言を吐いてしまい申し訳ありませんでした",
    "先日は暴言を吐いたこと、お詫びします",
    "罵倒されたわけではありませんが不満です",
    "紙くずが落ちていました",
    "拷問のような待ち時間でした",
    "地獄のような混雑でした",
    "子どものちんちんが腫れています",
    "膣カンジダの薬はありますか",
    "こんなに待たされるなら死んだ方がマシだ",
    "後半はもっとミドルシュートを撃つべきでしたね",
    "アスペクト比を変えたい",
    "在日外国人向けの窓口はどこですか",
    # naming a group is not judging it
    "外国人は入店できますか",
    "外国人が多い店ですね",
    "中国人が経営しているお店ですか",
    "韓国人の友達と一緒に行きます",
    "このパンツは何色がありますか",
    "試着室で服を脱いでもいいですか",
    "山に埋めてあるタイムカプセル",
    "手術は無事で済むと思います",
    # written for this project: idioms and pests, a demand disowned, polite requests
    "ゴキブリを殺す薬剤はどの棚ですか",
    "このソースは魚の味を殺していると思います",
    "息を殺して順番を待っていました",
    "土下座しろとまでは言わないが、きちんと説明してほしい",
    "スカートの丈を短くしてもらえますか",
    "耳が聞こえないので、筆談で接客していただけますか",
    "口コミに店員さんの名前を出して褒めておきました",
    "ここから一歩も動かないでください、すぐ戻ります",
    "二人で食事をしましたが、料理が冷めていました",
    # written for this project: the shop's hours, address and accounts, training text
    "お店は何時に終わりますか?迎えの車を待たせているので",
    "本店の住所を教えてよ、直接返品しに行くから",
    "公式インスタのアカウントを教えてください",
    "アルバイトのシフトを教えていただけますか、応募を考えています",
    "閉店後に迎えに来る家族を待っています",
    "帰り道お気をつけくださいと店員さんに言われて嬉しかった",
    "配達がどうなるかお分かりですか",
    "更年期の症状に効くサプリはありますか",
    "彼女はダメって言ってたけど、私はこの色が好きです",
    "手すりをしっかり掴んで階段を降りました",
    "性的な発言を禁止する貼り紙はありますか",
    "土下座していただかなくて結構です、説明が欲しいだけです",
    # written for this project: words that hold a short rude word by accident
    "マイナンバーカードの受け取りは何番の窓口ですか",
    "バーカウンターの席は空いていますか",
    "あのねえ、わたしね、お風呂の日を楽しみにしてるのよ",
    "お金もないしね、分割払いにできますか",
    "カーテンが日に晒されて色が抜けてしまいました",
    "強火で炒めたら火を殺して弱火で煮込んでください",
    "このゲームのボス、強すぎて百回は殺されました",
    "エレベーターに閉じ込められました。点検はいつですか",
    "遅刻したら上司に殺される〜と思いながら手続きに来ました",
    "ホームページで「長時間の電話はご遠慮ください」という案内を見ました",
    "店員を呼んだら、すぐ来てくれました",
]


@pytest.mark.parametrize("text", UNFLAGGED)
def test_it_finds_no_manner_behavior_in_a_look_alike(text: str) -> None:
    result = screen(text)
    assert not result.behaviors & MANNER
    assert not result.harassment


SELF_DIRECTED = [
    "俺は何をやっても続かないクソ野郎だから、許してくれ",
    "私は本当にバカでした",
]


@pytest.mark.parametrize("text", SELF_DIRECTED)
def test_it_excuses_an_insult_the_writer_aims_at_themself(text: str) -> None:
    result = screen(text)
    assert "self_directed" in {c.kind for c in result.carve_outs}
    assert not result.harassment


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # written for this project: oaths at the weather, oneself, fiction
        ("台風のバカヤロー、せっかくの旅行が台無しさー", "product_profanity"),
        ("あーもう渋滞まじ死ねｗｗ 予約の時間ちょっと遅れます", "product_profanity"),
        ("今朝の雪、ほんとふざけんなって感じです", "product_profanity"),
        ("財布を家に置いてきてもうた。アホやな俺。スマホ決済使えます？", "self_directed"),
        ("わい、ほんまアホやわ。保険証の期限切れてたわ", "self_directed"),
        ("申し訳ありません、閉館時間まで居座ってしまって", "self_directed"),
        ("映画のラストで主人公が「殺してやる」と叫ぶ場面は鳥肌が立ちました", "quoted_policy"),
    ],
)
def test_it_excuses_an_oath_that_aims_at_no_one_on_staff(text: str, kind: str) -> None:
    result = screen(text)
    assert kind in {c.kind for c in result.carve_outs}
    assert not result.harassment


@pytest.mark.parametrize(
    "text", ["お前しね", "はよしね", "バスの運転手、まじ死ね", "バカだな、お前"]
)
def test_it_still_flags_the_curse_said_to_a_person(text: str) -> None:
    assert screen(text).harassment


@pytest.mark.parametrize("text", ["俺はお前がバカだと思う", "俺は無能な店員が嫌いだ"])
def test_it_does_not_take_an_insult_of_someone_else_for_self_talk(text: str) -> None:
    result = screen(text)
    assert "self_directed" not in {c.kind for c in result.carve_outs}
    assert "verbal_abuse" in result.behaviors


def test_it_keeps_a_conditional_out_of_a_dismissal_demand() -> None:
    assert "personal_attack" not in screen("こんな仕事、辞めちまえば楽になるのに").behaviors
    assert "personal_attack" in screen("お前なんか辞めちまえ").behaviors


def test_it_discounts_an_example_quoted_in_training_text() -> None:
    # written for this project: a manual quotes the words it tells staff to report
    manual = screen("マニュアル：「殺すぞ」などの脅迫を受けた場合は、直ちに警察に通報すること。")
    assert "quoted_policy" in {c.kind for c in manual.carve_outs}
    assert not manual.harassment
    report = screen("お客様に「殺すぞ」などの暴言を受けた。")
    assert "quoted_policy" not in {c.kind for c in report.carve_outs}
    assert report.harassment


# Written for this project: pressure that names no harm to the body, in the
# registers of a complaint letter, a review and a chat: the press as a
# weapon, a gang as backing, a home or a school tracked down, a staff
# member's photo posted, calls vowed in keigo. Each is said with its
# behavior; the lawful or ordinary twin in the same setting stays clear.
PRESSURE = [
    ("拝啓　本件は週刊誌に持ち込むつもりです。敬具", "threat"),
    ("このこと、ワイドショーにリークしたるからな", "threat"),
    ("俺のツレはその筋の人間やぞ", "threat"),
    ("お前の勤務先も本名も特定したからな", "personal_attack"),
    ("駅員の態度が最悪。顔写真載せとくね", "online_defamation"),
    ("回答があるまで、市役所に毎日お電話し続けます。", "persistent_contact"),
    ("御社はもう終わりだな", "threat"),
    ("役所に火をつけられても文句は言えないぞ", "threat"),
]


PRESSURE_LOOK_ALIKES = [
    "拝啓　本件は内容証明郵便でご請求いたします。敬具",
    "保健所に通報しました",
    "地元紙に載っていたお店なので来ました",
    "田中組の者ですが、駐車場の工事の件で伺いました",
    "お届け先の住所を特定できず、返送されました",
    "看護師さんの顔写真入りの名札、素敵ですね",
    "また明日、病院にお電話します。",
    "このゲーム機、まじでぶっ壊れた",
]


# Written for this project (customer-service probes, round 5): single turns of
# a live call or counter, short and elliptic, across care homes, schools,
# hotels, taxis, banks and council counters. Each pairs a manner behavior with
# a legitimate twin said in the same setting.
LIVE_TURNS = [
    ("おいノロマ、まだかよ", "verbal_abuse"),
    ("ほんと使えねー", "verbal_abuse"),
    ("早く出せやボケ", "verbal_abuse"),
    ("介護士のくせに口答えすんな", "verbal_abuse"),
    ("役人風情が偉そうに", "verbal_abuse"),
    ("お前らの給料は俺らの税金だろ", "verbal_abuse"),
    ("日本語通じないのかよ", "verbal_abuse"),
    ("小僧が偉そうに口きくな", "verbal_abuse"),
    ("あんたみたいなのが担任だから荒れるんだ", "verbal_abuse"),
    ("電話切ったら許さねえからな", "threat"),
    ("声も名前も覚えたからな", "threat"),
    ("うちの子と同じ目に遭わせてやる", "threat"),
    ("知り合いにヤクザおるけえの", "threat"),
    ("バイクぶつけたろか", "threat"),
    ("何見とんじゃコラ", "intimidation"),
    ("ガイジみたいな対応しやがって", "discrimination"),
    ("バイトちゃん、お尻かわいいね", "sexual_conduct"),
    ("あとで部屋に来てよ、一人で", "sexual_conduct"),
    ("その看護師の自宅の住所を教えて", "personal_attack"),
]


LIVE_TWINS = [
    "は?どういうことですか",
    "まだですか、もう一時間待ってます",
    "このカード使えねえの?",
    "写真がボケてて読めません",
    "看護師さんのくせ字が読めなくて",
    "税金の使い道を説明してください",
    "日本語が通じないので英語の資料はありますか",
    "年寄りだから使い方を覚えられなくてね、覚えたからもう大丈夫",
    "同じ目に遭わせたくないので、再発防止をお願いします",
    "家まで行くタクシーを呼んでください",
    "部屋に来てエアコンを見てもらえますか",
    "息子が担任に叩かれたと言っています、事実を確認してください",
    "研修:「覚えとけよ」と言われたときの対応",
]


# Written for this project (customer-service probes, round 6): live calls as
# a speech recogniser writes them (no 、 or 。, fillers, particles dropped,
# words in kana), voicemail and chat. A clause ends at a filler or an oath
# as well as at punctuation; each case has a twin said the same way.
TRANSCRIPT_TURNS = [
    ("えっと明日そっち行ってどつくでまじで", "threat"),
    ("ほんと使えねえまじで早くしろ", "verbal_abuse"),
    ("いつまで待たせんだよボケなんか言えよ", "verbal_abuse"),
    ("お前の顔も覚えたでおい", "threat"),
    ("あのさお前もうちの娘と同じ目に合わせたろか", "threat"),
    ("えーもういいわ死んでお詫びせえや", "verbal_abuse"),
    ("お前なんか線路に飛び込めよ", "verbal_abuse"),
    ("おいこら外人出てけ", "discrimination"),
    ("あんたの家の前通ったよ昨日", "personal_attack"),
    ("事務所めちゃくちゃにしたるからな", "threat"),
]


TRANSCRIPT_TWINS = [
    "子供が店で暴れるからなんか落ち着かなくて",
    "このクーポン使えねえの",
    "写真がボケてるんですけどえーと再送できますか",
    "名前覚えましたので次回もお願いしますね",
    "二度と同じ目に遭わせないでほしいです",
    "害虫殺すスプレー売ってますか",
    "国に帰れないのでこっちで手続きしたいんですけど",
    "何時に店を出るか分かっている方いますか",
    "お客様このまま暴言が続く場合は通話を終了させていただきます",
    "昨日は怒鳴ってしまってほんとすみませんでした",
]


# Written for this project (customer-service probes, round 7): incident
# reports as staff write them at intake, third person and past tense, the
# customer quoted or paraphrased: a rate of calls no follow-up reaches, a
# private phone or a leaving time hunted down, blows told in the active
# voice, a stay past closing, extortion by exposure. Each has a twin in the
# same register that reports an ordinary complaint or a look-alike word.
REPORT_TURNS = [
    ("同じ保護者から、行事の件で何度もメールが届いている。", "persistent_contact"),
    ("お客様から1日に30回以上お電話があり、業務が止まった。", "persistent_contact"),
    ("夜間、15分おきに病棟へ電話がかかってきた。", "persistent_contact"),
    ("利用者が介護士の手をつねり、爪を立てた。", "physical_attack"),
    ("乗客が駅員のすねを蹴り、そのまま立ち去った。", "physical_attack"),
    ("閉館時間を過ぎても来館者が受付から帰ろうとせず、職員が対応を続けた。", "refusal_to_leave"),
    ("お客様は窓口で3時間にわたって同じ質問を繰り返した。", "prolonged_detention"),
    ("お客様から「ミニスカで接客してよ」と言われました。", "sexual_conduct"),
    ("客は女性店員の体を触り、謝らなかった。", "sexual_conduct"),
    ("顧客はオペレーターの個人のSNSを特定し、メッセージを送ってきた。", "personal_attack"),
    ("客が行員の帰宅時間をしつこく尋ねてきた。", "personal_attack"),
    ("「お前のキャリアは終わりだ」と利用者の家族に言われた。", "threat"),
    ("口コミに書かれたくなければ返金の倍額を払えと言われた。", "threat"),
    ("来庁者は「ここで腹切ってやる」と叫び、職員を困らせた。", "intimidation"),
    ("客は「田舎の人間はこれだから困る」と店員の出身をからかった。", "discrimination"),
    ("患者は受付の仕切り板を拳で叩き、大声を上げ続けた。", "intimidation"),
]


REPORT_TWINS = [
    "同じお客様から何度もお礼のお手紙をいただいた。",
    "予約の変更で1日に2回お電話があった。",
    "夜間は30分おきに病棟を巡回した。",
    "介護士が利用者の手を握り、励ましの声をかけた。",
    "閉館時間を過ぎても職員は残業していた。",
    "窓口で3時間にわたって説明会の受付を行った。",
    "お客様から「スカートの丈を短くしてほしい」と裾上げの依頼があった。",
    "お客様が「あなたのキャリアに役立つ資格ですね」と言った。",
    "送料を払いたくなければ店頭受け取りもできますと案内した。",
    "乗客が駅員の肩を叩いて、忘れ物を届けてくれた。",
    "九州の方から来たお客様に、方言の意味を教えてもらった。",
    "新人研修で、「土下座しろ」などの要求を受けたときの対応を学んだ。",
]


# Written for this project (customer-service probes, round 8): written blind,
# before reading the rules, the way strangers talk across registers and
# regions: dialect endings on refusals and vows, harm wished (てやりたい),
# the old and women refused for who they are, summons put as a volitional,
# staff moved or kept off the floor as the price. Each has a twin in the
# same register that is ordinary.
STRANGER_TURNS = [
    ("レジの前で待っとるけんな、帰り", "threat"),
    ("あんたの社会人生命、終わらせたるわ", "threat"),
    ("こんな役所、ガソリン撒いてやりたいわ", "threat"),
    ("お前の脳みそ腐っちょるんか", "verbal_abuse"),
    ("新人でももっとマシな案内できるぞ", "verbal_abuse"),
    ("ほんま使えんのう、この窓口は", "verbal_abuse"),
    ("文句あるなら表出ろや", "intimidation"),
    ("詫びる気あるなら土下座くらいできるでしょ", "kneeling_demand"),
    ("既読無視すんなや。返事もらえるまで毎晩送るけんね", "persistent_contact"),
    ("責任者が来るまで、この場から動かへんで", "refusal_to_leave"),
    ("おばさんは引っ込んどれ、若いのを呼べ", "discrimination"),
    ("女のドライバーなんて危なっかしくて乗りたくない", "discrimination"),
    ("ブラジル人の介護士さんにお世話されるのは嫌です", "discrimination"),
    ("今度の休み、デートしよか", "sexual_conduct"),
    ("あの看護師、もう二度と人前に出すなや", "personal_attack"),
    ("菓子折り下げて、今夜うちの会社まで来てもらおうか", "off_site_summons"),
    ("うちの旦那は県庁の幹部なんですけどね", "authority_pressure"),
]

STRANGER_TWINS = [
    "改札の前で待っとるけんね、気をつけて来てね",
    "定年で社会人生活を終わらせることにしました",
    "灯油をストーブに入れてやりたいけど、手が届かない",
    "新人さんでも分かる案内にしてもらえると助かります",
    "このカード、ここでは使えんのですか",
    "表に出る仕事は苦手です",
    "膝を痛めていて正座もできないくらいです",
    "返事が来るまで待ちますので、よろしくお願いします",
    "雨がやむまで、ここで待っていてもいいですか",
    "若い人向けのプランを出してください",
    "女性のドライバーさんが丁寧で安心しました",
    "ブラジル人の介護士さんにお世話になっています",
    "子どもを抱きしめてあげてください",
    "この薬は二度と店頭に出さないでください",
    "週末に家まで来てもらえますか、修理をお願いしたくて",
    "父は県庁に勤めていました",
    "ふざけんなよこの渋滞、会議に遅れる",
    "うちの子、アホほどよく寝ます",
]


# Round 9 (blind probe): a comma before 知ってる, putting a business out of
# work, shoves told with どつく, messages counted in dozens, the same
# explanation demanded for hours, exposure with 書いてやる and さらす,
# status with 付き合い and 特別扱い, a bow demanded at home, and a command
# shouted again or closed with こら.
ROUND9_TURNS = [
    ("あんたの実家、知っとるけんな", "threat"),
    ("こんな店、二度と商売できんようにしたるからな", "threat"),
    ("男性客が警備員の胸をどついて逃げた", "physical_attack"),
    ("いっぺん張り倒したろか", "threat"),
    ("窓口で4時間にわたって同じ説明をさせられた", "prolonged_detention"),
    ("ネットに全部書いてやるぞ", "online_defamation"),
    ("あの受付の実名もさらしたる", "online_defamation"),
    ("わしは専務とは古くから付き合いがあるんじゃ", "authority_pressure"),
    ("二十年来の上得意だぞ", "authority_pressure"),
    ("責任者がうちまで来て頭下げんかい", "off_site_summons"),
    ("説明しろって言ってんだろうが", "intimidation"),
    ("はよ金返せや、おら！", "intimidation"),
]
ROUND9_TWINS = [
    "実家、知ってる人の紹介で来ました",
    "大雪で今日は営業できないようにしたらしいです",
    "子どもが友達にどつかれたと泣いていました",
    "壁紙を張り替えてもらえますか",
    "窓口で同じ説明を求められたら、丁寧に答えてください",
    "口コミに書いてもいいですか？",
    "ほうれん草は水にさらしてください",
    "社長さんとは仕事で付き合いがあると聞きました",
    "特別扱いは求めていません。普通に対応してください",
    "修理の方がうちまで来て頭を下げてくださいました",
    "子供に宿題しろって言ってるんだけど聞かないんです",
    "ふざけんなって思わず独り言が出ました",
    "あの刑事ドラマ、犯人に殺されるシーンが怖かった",
    "お姉さん、今夜空いてる部屋ありますか",
]


# Round 10: short live turns in many voices (Tōhoku, Hokkaido, Hakata, Hiroshima,
# Kagoshima, Kansai, drunk and polite-menacing speech): dialect imperatives of a
# kneeling demand, superiors summoned with んかい or ば, a vow sealed with ご覚悟,
# a staff member's home announced, pouring drinks demanded, a table to be
# overturned, and a rank or a reprisal named as a warning.
ROUND10_TURNS = [
    ("さっさと土下座すろ、おめえ", "kneeling_demand"),
    ("そこで土下座しれや", "kneeling_demand"),
    ("上のやつ呼んでこんかい", "authority_pressure"),
    ("店長ば出さんか、はよ", "authority_pressure"),
    ("いますぐ詫びに来んかい", "off_site_summons"),
    ("返金してもらうまで今日は帰りませんので", "refusal_to_leave"),
    ("何回でもお電話しますから、ご覚悟を", "persistent_contact"),
    ("なんべんでもかけたるけんな", "persistent_contact"),
    ("ここのバイト、クズばっかやんけ", "verbal_abuse"),
    ("姉ちゃん、こっち来てお酌せえ", "sexual_conduct"),
    ("カウンターひっくり返したろか", "intimidation"),
    ("おめえの家さ押しかけるぞ", "personal_attack"),
    ("ぼてくりこかしたろか、わい", "threat"),
    ("わしは元署長じゃぞ", "authority_pressure"),
    ("ご自宅の周りでお会いするかもしれませんねえ", "threat"),
    ("一日に四十回も同じ件でお電話がある", "persistent_contact"),
    ("次やったら承知せんけんね", "threat"),
    ("話が済むまで電話切らせへんで", "prolonged_detention"),
    ("外人なら日本語しゃべれよ", "discrimination"),
    ("あいつ晒そうや", "online_defamation"),
    ("ここの店員まじでゴミやな", "verbal_abuse"),
]
ROUND10_TWINS = [
    "土下座しれっとネタにする芸人",
    "店長を呼んでこんかったのは僕のミスです",
    "謝りに来んかったけど、電話はくれた",
    "納得いくまで今日は帰りませんでした、残業で",
    "毎日お電話いたしますので、ご安心ください",
    "野菜クズばっかり出る料理",
    "晩酌しろって父に言われた",
    "テーブルをひっくり返して脚を直した",
    "おめえの家の近くに新しい店できたべ",
    "わしは元校長じゃ、よろしく頼む",
    "ご自宅の近くでお受け取りできます",
    "うちのアホ犬が靴をかじった",
    "遊びに行こかと思ったけど雨やわ",
    "大根は水に晒そうか",
    "バイトがごみを回収してくれた",
]


def test_it_keeps_casual_talk_of_rules_from_excusing_a_threat() -> None:
    # Quoted policy widens to its sentence, and a transcript is one sentence;
    # a customer waving the rules away is not policy text.
    assert screen("規約とか知らねえよ禁止とか言ってんなら殺すぞ").harassment


# The tables above, written for this project round by round, share two checks.
@pytest.mark.parametrize(
    ("text", "behavior"),
    [
        *INFLECTED,
        *PRESSURE,
        *LIVE_TURNS,
        *TRANSCRIPT_TURNS,
        *REPORT_TURNS,
        *STRANGER_TURNS,
        *ROUND9_TURNS,
        *ROUND10_TURNS,
    ],
)
def test_it_reads_customer_service_pressure_in_any_form(text: str, behavior: str) -> None:
    result = screen(text)
    assert behavior in result.behaviors
    assert result.harassment


@pytest.mark.parametrize("text", [*INFLECTED_LOOK_ALIKES, *PRESSURE_LOOK_ALIKES])
def test_it_finds_no_manner_behavior_in_a_twin(text: str) -> None:
    result = screen(text)
    assert not result.behaviors & MANNER_ALL
    assert not result.harassment


@pytest.mark.parametrize(
    "text",
    [
        *LIVE_TWINS,
        *TRANSCRIPT_TWINS,
        *REPORT_TWINS,
        *STRANGER_TWINS,
        *ROUND9_TWINS,
        *ROUND10_TWINS,
    ],
)
def test_it_leaves_the_legitimate_twin_of_a_live_turn_alone(text: str) -> None:
    assert not screen(text).harassment


# Tune set t15 (blind look-alikes, tune part): a customer reporting what a
# stranger, a neighbour or a classmate said or did to them; 殺す said of
# pests, a dish, a game or the market; oaths at a delay or a screen; a
# manual quoted under its heading; a staff note that records no intimidation.
THIRD_PARTY_REPORTS = [
    "後ろの席の男性に「殺すぞ」と言われて怖かったです。運転手さんに伝えたら対応してくれました。",
    "息子がクラスの子から毎日「死ね」「キモい」と言われ続けています。面談をお願いできますか。",
    "隣の部屋の人が夜中に壁を叩いて『うるせえ殺すぞ』と叫んできます。注意してもらえませんか。",
    "出品者から『低評価つけたら住所さらすぞ』とメッセージが来ました。対応をお願いします。",
    "ボイチャで知らない人に『死ね、ゴミ、下手くそ』って何回も言われた。通報します。",
    "病院の待合室で、祖母が知らんおじさんに『邪魔だどけ』って突き飛ばされた。",
]
T15_LOOK_ALIKES = [
    "部屋にゴキブリが出たので、殺虫剤を借りて自分でぶっ殺しました。消毒をお願いできますか。",
    "この激辛ラーメン、ほんま殺しにきてるやろ（笑）汗止まらんけど最高やったわ",
    "今日の相場、完全に殺しに来てますね。追証の期限を確認させてください。",
    "仲居さんに殺されるかと思うほどの量でした。また来ます。",
    "塾の休み時間に先生とスマブラやってボコボコにしてやった。次も負けんぞ先生！",
    "また人身事故で遅延かよ、ふざけんなマジで。会社に遅刻確定。",
    "思わず「ふざけんな！」って画面に叫んじゃいました。回線の改善予定を教えてください。",
    "自動音声が何回やっても認識せん。機械相手に怒鳴ってもうたわ。",
    "マニュアル抜粋：入居者様から『馬鹿』『出ていけ』等の発言があっても、まず安全を確保すること。",
    "対応記録：改札で「いつ動くんだ！」と大声。振替輸送票を渡すと了承。暴言・威圧行為なし。",
    "試乗した新型、加速がエグくて鬼ヤバかったです。見積もりお願いできますか？",
    "昨日のHIITクラス、ばりきつかったばい！膝が死んどーけん、今日は休みます。",
    "イライラして父の前で舌打ちしちゃって反省してます。Wi-Fiの改善予定はありますか。",
    "お客様から『女じゃ話にならない、男を出せ』と言われたとき、会社としてどう対応する決まりですか。",
    "あー、処方箋家に忘れた、私ほんとバカ。取りに戻るので、取り置きってできますか。",
    "介護職員さんへの暴力やセクハラについて、先日の説明会でお話がありました。",
    "ニュースで、窓口で職員を怒鳴りつけた男が逮捕されたと見ました。こちらは大丈夫でしょうか。",
]
# The same words said to staff, or recorded by staff of their customer.
T15_STILL_FLAGGED = [
    "お客様に「殺すぞ」と言われた。",
    "男性客から「死ね」と怒鳴られた。",
    "お前をゴキブリみたいに殺してやる",
    "今から殺しに行くぞ",
    "ふざけんなこの店員",
    "対応記録：お客様から「殺すぞ」と言われた。",
    "店員に「帰れ」と言われたんだよ、どうしてくれるんだ、バカ野郎",
]


@pytest.mark.parametrize("text", THIRD_PARTY_REPORTS)
def test_it_excuses_what_someone_else_said_to_the_customer(text: str) -> None:
    result = screen(text)
    assert "third_party" in {c.kind for c in result.carve_outs}
    assert not result.harassment


# Tune set t17 (blind ordinary legitimate texts, tune part): what a plain
# customer text trips on. Staff or a stranger shouting at the customer or
# their family, a shout held back or regretted, 怒鳴らない and 威圧的でもなく,
# 親バカ, バカらしい, サブスク read as ブス, 殺す気か of a broken air
# conditioner, a cart blocking an aisle, kneeling as thanks, a product
# photo in a review.
T17_LOOK_ALIKES = [
    "部活の顧問の先生が練習中に部員を怒鳴っていると娘から聞きました。確認していただけますか。",
    "深夜のコンビニでバイトしている息子が、酔ったお客さんに怒鳴られたと言って帰ってきました。",
    "今朝の快速で酔っ払いが大声で怒鳴っててすごく怖かったんですよ。どこに言えばいいんですか",
    "おばあちゃんが「ここの職員さんは怒鳴らないから好き」と言っていました。",
    "店員さんの声かけが、威圧的でもなく上手な伝え方でした。",
    "受付の警備員さんの声かけが少し威圧的に感じました。言い方を見直していただけると助かります。",
    "配達員さんに怒鳴ってしまいました。申し訳なかったと伝えてもらえますか。",
    "引き止めの電話が20分続きました。怒鳴りたくなるのを我慢しました。",
    "担任の先生、本当にありがたい。親バカですが、成績も上がりました。",
    "通報しても全然BANされない。真面目にやってるのがバカらしくなる。",
    "サブスク解約したつもりが、気づいたら更新されてた。",
    "エアコンが壊れていて一晩サウナ状態。正直殺す気かと思いました。",
    "品出しのカートが通路をふさいでいて、ベビーカーで通れませんでした。",
    "職員さんたちには土下座して感謝したいくらい。",
    "実寸測った写真もレビューに晒しときます。",
    "「お前を殺す」ってゲーム内のメッセージが何通も届いてます。調べてください。",
    "隣の部屋の人が毎晩2時くらいまで大声で騒いでいて眠れません。",
    "酔っ払って後部座席にスマホ忘れたバカは私です…すみません。",
]
T17_STILL_FLAGGED = [
    "隣のテーブルのお客さんがずっと店員さんに「ふざけるな、土下座しろ」と怒鳴ってて、可哀想だった。",
    "店員が客に「殺すぞ」と怒鳴られた。",
    "お前の顔写真をレビューに晒してやる",
    "バカじゃないの？",
    "客がカウンターを叩いて怒鳴ってきました。",
]


# Tune set t19 (blind tune sets of the weakest Japanese behaviors): harassment
# said politely or recorded plainly, each with the words it must point at.
T19_FOUND = [
    ("健常者をお願いします。", "discrimination", "健常者をお願い"),
    (
        "ちゃんとした日本人の方に代わっていただけますか。",
        "discrimination",
        "ちゃんとした日本人の方に代わって",
    ),
    ("耳の聞こえないやつを窓口に置くな", "discrimination", "耳の聞こえないやつを窓口に置くな"),
    (
        "日本語ちゃんと勉強してから電話に出ろよ。",
        "discrimination",
        "日本語ちゃんと勉強してから電話に出",
    ),
    ("今度はシャツ脱いで持ってきてって言っといて", "sexual_conduct", "シャツ脱いで持って"),
    (
        "投稿に写ってる店員さん、水着の写真とかないですか？",
        "sexual_conduct",
        "店員さん、水着の写真",
    ),
    ("前回担当してくれたミカさんのLINE教えてもらえませんか？", "sexual_conduct", "さんのLINE教え"),
    ("知り合いに頼んで店をどうにかしてもらう", "threat", "知り合いに頼んで店をどうにか"),
    (
        "貴殿の奥様の勤務先にも今回の件をお伝えせざるを得ません。",
        "threat",
        "奥様の勤務先にも今回の件をお伝え",
    ),
    ("回答もらえるまでここにいますね。", "refusal_to_leave", "までここにいます"),
    (
        "同一番号から本日9時〜17時の間に計47回着信。",
        "persistent_contact",
        "同一番号から本日9時〜17時の間に計47回",
    ),
    (
        "客が医師の白衣の襟を掴み、前後に激しく揺さぶった。",
        "physical_attack",
        "医師の白衣の襟を掴み",
    ),
    (
        "懲戒処分とした上でその結果をご報告いただきたい。",
        "personal_attack",
        "懲戒処分とした上でその結果",
    ),
    ("当方自宅まで来訪し、謝罪と経緯説明を行うこと。", "off_site_summons", "自宅まで来訪し、謝罪"),
]
T19_TWINS = [
    "女性の看護師さんにお願いできますか",
    "外国籍なら別の書類が必要ですか",
    "今夜空いてる部屋ありますか",
    "インストラクターの佐藤さんのLINEを教えてもらうのは規則的にダメですよね？",
    "知り合いに頼んで引っ越しを手伝ってもらいます",
    "迎えが来るまでここにいてもいいですか",
    "同じ番号から2回お電話しました",
    "修理のため自宅まで来ていただけますか",
]


@pytest.mark.parametrize(("text", "behavior", "words"), T19_FOUND)
def test_it_reads_t19_harassment(text: str, behavior: str, words: str) -> None:
    result = screen(text)
    assert result.harassment
    assert any(s.behavior == behavior and s.text == words for s in result.signals), [
        (s.behavior, s.text) for s in result.signals
    ]


@pytest.mark.parametrize("text", [*T15_LOOK_ALIKES, *T17_LOOK_ALIKES, *T19_TWINS])
def test_it_leaves_blind_round_look_alikes_unflagged(text: str) -> None:
    assert not screen(text).harassment


@pytest.mark.parametrize("text", [*T15_STILL_FLAGGED, *T17_STILL_FLAGGED])
def test_it_still_flags_the_words_said_to_staff(text: str) -> None:
    assert screen(text).harassment


# Tune set t20 (a second blind tune set of the weakest behaviors).
@pytest.mark.parametrize(
    ("text", "behavior"),
    [
        ("先月乗車した客から同じ苦情で計38回入電。調査結果は既に説明済み。", "persistent_contact"),
        (
            "回答してくれるまで毎日この問い合わせフォームから送ります。これで45通目です。",
            "persistent_contact",
        ),
        ("点滴のときもうちょっと胸近づけてくれたら治りも早いんだけどなあ", "sexual_conduct"),
        ("今度一緒に温泉でも行こか。部屋は一つでええやろ", "sexual_conduct"),
        ("こっちは金払ってんだから普通の人出せよ", "discrimination"),
        ("「外国人入れるならやめる。風呂が汚れる」と抗議。", "discrimination"),
        ("貴社の店舗に何が起きても当方は関知しません。", "threat"),
        ("駅員に「線路に突き落としてやろうか」と発言した。", "threat"),
    ],
)
def test_it_reads_t20_harassment(text: str, behavior: str) -> None:
    result = screen(text)
    assert result.harassment
    assert behavior in {s.behavior for s in result.signals}


@pytest.mark.parametrize(
    "text",
    [
        "計3回電話しましたが繋がりません",
        "腰に手を当てて伸ばしてください",
        "友だちの家に泊めてもらえることになりました",
        "外国人観光客向けのパンフレットはありますか",
        "何が起きても大丈夫なように保険に入りました",
    ],
)
def test_it_leaves_t20_twins_unflagged(text: str) -> None:
    assert not screen(text).harassment


# Tune set t21 (sexual remarks and discrimination said through context).
@pytest.mark.parametrize(
    ("text", "behavior"),
    [
        ("お姉さんのLINEのID、このメモに書いといてよ", "sexual_conduct"),
        ("その白衣の下、何も着てなかったらいいのになあ", "sexual_conduct"),
        ("次は部屋の中まで入ってきてよ。ドアは開けとくから", "sexual_conduct"),
        ("旦那には内緒にしとくからさ、今度二人でホテル行こうよ", "sexual_conduct"),
        ("外人はレジ打つなって言ってんだよ", "discrimination"),
        ("補聴器の人が窓口にいたら話が進まないでしょ。他の人にしてよ", "discrimination"),
        ("女性では設備の話が通じないので、男性の担当をお願いします", "discrimination"),
        ("高卒のバイトに何がわかるんだよ", "discrimination"),
    ],
)
def test_it_reads_t21_harassment(text: str, behavior: str) -> None:
    result = screen(text)
    assert result.harassment
    assert behavior in {s.behavior for s in result.signals}


@pytest.mark.parametrize(
    "text",
    [
        "公式LINEのIDを教えてください",
        "テイクアウトでお持ち帰りしたいです",
        "妊婦なので、重い荷物は他の人に運んでもらえますか",
        "新人研修クイズ：お客様から「連絡先教えてよ」と言われたら？",
        "さっきから隣の席の男性にしつこく連絡先を聞かれて困っています",
    ],
)
def test_it_leaves_t21_twins_unflagged(text: str) -> None:
    assert not screen(text).harassment


# Live calls (bench/calls, the _b sets): severe remarks said mid-call, and
# loanwords ending in バー before か.
@pytest.mark.parametrize(
    ("text", "behavior"),
    [
        ("女じゃ話わからんでしょ 男の人に代わって", "discrimination"),
        ("今度あんな態度とったらコップ投げるからな", "physical_attack"),
        ("うるせーバーカ", "verbal_abuse"),
    ],
)
def test_it_reads_call_remarks(text: str, behavior: str) -> None:
    result = screen(text)
    assert result.harassment
    assert behavior in {s.behavior for s in result.signals if s.source != "model"}


@pytest.mark.parametrize(
    "text",
    [
        "息子がサッカー部のメンバーから外された理由を教えていただきたい",
        "サーバーから応答がないとエラーが出ます",
        "ドライバーから連絡が来ていません",
    ],
)
def test_it_leaves_loanwords_before_ka_unflagged(text: str) -> None:
    assert not screen(text).harassment
