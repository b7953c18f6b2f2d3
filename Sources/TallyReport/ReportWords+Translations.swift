import TallyModel

extension ReportWords {
    /// Tally's report words in Traditional Chinese (Taiwan usage).
    static let traditionalChinese = ReportWords(
        edition: "{1} 年版", fieldwork: " · 調查期間 {1} 至 {2}", respondents: "受訪者", keyStatistics: "關鍵數據",
        noEstimate: "無估計值：此欄沒有受訪者，或數值已隱藏。", baseRespondents: "基數：{1} 位受訪者",
        intervalAndBase: "95% 信賴區間 {1} 至 {2}；基數：{3} 位受訪者", changeSince: "自 {2} 年版以來變化 {1} 個百分點（{3}）",
        significantAt: "在 {1} 水準顯著", notSignificant: "不顯著",
        sentenceChange: "（自 {2} 年版以來變化 {1} 個百分點）",
        base: "基數：{1}", comparedBy: "；依{1}區分", data: "數據", answer: "選項", mean: "平均數",
        profiles: "依{1}的概況",
        profilesIntro:
            "各組的關鍵數據與總計並列。▲ 與 ▼ 表示該數據顯著高於或低於其餘樣本（{2}，對該組與其他所有受訪者進行雙尾檢定，顯著水準 {1}）。",
        designTest: "差異的變異數依加權設計計算，含共變異數", effectiveBaseTest: "以有效樣本數",
        since: "自 {1} 年版以來", trendsIntro: "兩個版本都有詢問的問題（總計欄）：百分比的變化以百分點表示，並標示變化是否顯著（獨立樣本雙尾檢定）。",
        question: "問題", change: "變化", significant: "顯著性",
        methods: "研究方法", sample: "樣本", respondentsHeading: "受訪者人數", weighted: "加權後", weighting: "加權",
        notWeighted: "受訪者僅採用基本權數，未再加權。",
        raked: "樣本以反覆比例加權法（raking）經 {1} 次迭代，調整至定義中的目標。權數介於 {2} 至 {3}；加權效率為 {4}，有效樣本數為 {5} 位受訪者。",
        sampleScale: "權數總和等於樣本（基礎權數之和），因此加權次數為樣本尺度，而非母體總數。",
        populationScale: "權數已放大至母體 {1}，因此加權次數為母體總數的估計值，並附標準誤。",
        assumed: "假設而非已公布的目標：{1}。", cleaning: "資料清理", cleaningSummary: "共讀取 {1} 列；採用 {2} 位受訪者，剔除 {3} 列。",
        rule: "規則", meaning: "說明", lines: "列數",
        ruleMeanings: [
            "bad_weight": "基本權數不是正數", "duplicate_id": "重複出現的受訪者編號（保留第一筆）", "missing_id": "缺少受訪者編號",
            "missing_weighting_variable": "加權變數沒有有效值", "no_bin": "數值不在衍生欄位的任何區間內", "out_of_domain": "答案不在題目的代碼之內",
            "ragged_row": "欄位數不正確的資料列", "required_missing": "缺少必答題的答案", "routing": "回答了未被詢問的題目",
            "speeder": "作答時間短於門檻", "straight_liner": "題組中每一題都給相同答案", "unterminated_quote": "引號未閉合而斷開的資料列",
            "weighting_imputed": "缺少的加權變數以指定代碼加權",
        ],
        publishedFigures: "已公布數據",
        audit: "本版報告公布的 {2} 項數據中，有 {1} 項得以重現：考慮四捨五入後，每一項都落在其估計值的 95% 信賴區間內。",
        readingCharts: "如何閱讀圖表",
        reading:
            "長條表示加權百分比及其 95% 信賴區間。數值旁的字母代表該數值顯著高於同一圖表中的哪一欄（雙尾檢定，顯著水準 {1}；小寫字母表示僅在較低水準顯著）；受訪者少於 {2} 位的欄不進行檢定。* 表示基數低於 {3} 位受訪者（斜線長條）；** 表示基數低於 {4}，估計值不予顯示。",
        comma: "、",
        baseWords: BaseWords(
            everyone: "全體受訪者", or: "或", comma: "、", excludingBefore: "（不含", excludingAfter: "）", capitalized: false))

    /// Tally's report words in Korean.
    static let korean = ReportWords(
        edition: "{1}년판", fieldwork: " · 조사 기간 {1} ~ {2}", respondents: "응답자", keyStatistics: "주요 통계",
        noEstimate: "추정값 없음: 이 열에 응답자가 없거나 값이 숨겨졌습니다.", baseRespondents: "응답 기준: {1}명",
        intervalAndBase: "95% 신뢰구간 {1}~{2}; 응답 기준: {3}명", changeSince: "{2}년판 대비 {1}%p ({3})",
        significantAt: "{1} 수준에서 유의함", notSignificant: "유의하지 않음",
        sentenceChange: " ({2}년판 대비 {1}%p)",
        base: "응답 기준: {1}", comparedBy: "; {1}별", data: "데이터", answer: "응답", mean: "평균",
        profiles: "{1}별 프로필",
        profilesIntro:
            "각 그룹의 주요 통계를 전체와 나란히 보여 줍니다. ▲와 ▼는 그 수치가 나머지 표본보다 유의하게 높거나 낮음을 뜻합니다({2} 해당 그룹과 나머지 모든 응답자를 비교한 양측 검정, {1} 수준).",
        designTest: "가중 설계에 따른 차이의 분산(공분산 포함)으로", effectiveBaseTest: "유효 표본 수 기준으로",
        since: "{1}년판 대비 변화",
        trendsIntro: "두 판에서 모두 물은 문항의 전체 열 결과입니다. 비율의 변화는 %p로 나타내며, 그 변화가 유의한지(독립 표본 양측 검정)를 함께 표시합니다.",
        question: "문항", change: "변화", significant: "유의성",
        methods: "조사 방법", sample: "표본", respondentsHeading: "응답자 수", weighted: "가중 비율", weighting: "가중치",
        notWeighted: "응답자에게 기본 가중치 외의 가중치를 적용하지 않았습니다.",
        raked: "표본은 레이킹(raking) 방식으로 {1}회 반복하여 정의된 목표에 맞춰 가중했습니다. 가중치는 {2}~{3} 범위이며, 가중 효율은 {4}, 유효 표본 수는 {5}명입니다.",
        sampleScale: "가중치의 합은 표본(기본 가중치의 합)과 같으므로, 가중 빈도는 모집단 총계가 아니라 표본 기준입니다.",
        populationScale: "가중치는 모집단 {1}에 맞게 확대되었으므로, 가중 빈도는 표준오차와 함께 모집단 총계의 추정치입니다.",
        assumed: "공표되지 않아 가정한 목표: {1}.", cleaning: "데이터 정제",
        cleaningSummary: "{1}행을 읽었으며, 응답자 {2}명을 사용하고 {3}행을 제외했습니다.",
        rule: "규칙", meaning: "의미", lines: "행 수",
        ruleMeanings: [
            "bad_weight": "기본 가중치가 양수가 아님", "duplicate_id": "이미 나온 응답자 ID (첫 번째를 유지)", "missing_id": "응답자 ID 없음",
            "missing_weighting_variable": "가중 변수에 유효한 값이 없음", "no_bin": "파생 필드의 어느 구간에도 속하지 않는 값",
            "out_of_domain": "문항의 코드에 없는 응답", "ragged_row": "필드 수가 맞지 않는 행", "required_missing": "필수 응답 누락",
            "routing": "묻지 않은 문항에 대한 응답", "speeder": "기준보다 짧은 응답 시간", "straight_liner": "문항 묶음의 모든 항목에 같은 응답",
            "unterminated_quote": "닫히지 않은 따옴표로 끊긴 행", "weighting_imputed": "누락된 가중 변수를 지정된 코드로 가중",
        ],
        publishedFigures: "공표 수치",
        audit: "이번 판 보고서가 공표한 수치 {2}개 중 {1}개가 재현되었습니다. 반올림을 감안하면 각 수치는 추정값의 95% 신뢰구간 안에 있습니다.",
        readingCharts: "차트 읽는 법",
        reading:
            "막대는 가중 비율과 95% 신뢰구간을 나타냅니다. 값 옆의 문자는 같은 차트에서 그 값이 유의하게 더 높은 열을 가리킵니다(양측 검정, {1} 수준; 소문자는 낮은 수준에서만 유의). 응답자가 {2}명 미만인 열은 검정하지 않습니다. *는 응답 기준이 {3}명 미만임을(빗금 막대), **는 {4}명 미만이어서 추정값을 표시하지 않음을 뜻합니다.",
        comma: ", ",
        baseWords: BaseWords(
            everyone: "전체 응답자", or: " 또는 ", comma: ", ", excludingBefore: " (", excludingAfter: " 제외)",
            capitalized: false))

    /// Tally's report words in Arabic (Western digits, Arabic punctuation).
    static let arabic = ReportWords(
        edition: "إصدار {1}", fieldwork: " · العمل الميداني من {1} إلى {2}", respondents: "المشاركون",
        keyStatistics: "أبرز الإحصاءات", noEstimate: "لا يوجد تقدير: لا يضم هذا العمود مشاركين أو أن قيمته محجوبة.",
        baseRespondents: "الأساس: عدد المشاركين {1}",
        intervalAndBase: "فترة الثقة 95٪ من {1} إلى {2}؛ الأساس: عدد المشاركين {3}",
        changeSince: "{1} نقطة منذ إصدار {2} ({3})", significantAt: "دالّ عند مستوى {1}", notSignificant: "غير دالّ",
        sentenceChange: " ({1} نقطة منذ إصدار {2})",
        base: "الأساس: {1}", comparedBy: "؛ حسب {1}", data: "البيانات", answer: "الإجابة", mean: "المتوسط",
        profiles: "ملامح حسب {1}",
        profilesIntro:
            "أبرز الإحصاءات في كل مجموعة إلى جانب الإجمالي. يشير ▲ و▼ إلى رقم أعلى أو أدنى بدلالة إحصائية من بقية العينة (اختبار ثنائي الطرف للمجموعة مقابل جميع المشاركين الآخرين، {2}، عند مستوى {1}).",
        designTest: "بتباين الفرق المحسوب من التصميم المرجّح، بما في ذلك التغاير",
        effectiveBaseTest: "على الأسس الفعّالة",
        since: "منذ إصدار {1}",
        trendsIntro:
            "الأسئلة التي طرحها الإصداران كلاهما، في عمود الإجمالي: التغير بالنقاط المئوية للنسب، وما إذا كان دالًّا إحصائيًا (اختبار ثنائي الطرف لعينتين مستقلتين).",
        question: "السؤال", change: "التغير", significant: "الدلالة",
        methods: "المنهجية", sample: "العينة", respondentsHeading: "المشاركون", weighted: "بعد الترجيح",
        weighting: "الترجيح",
        notWeighted: "لم يُرجَّح المشاركون بأكثر من أوزانهم الأساسية.",
        raked:
            "رُجِّحت العينة بطريقة التناسب التكراري (raking) في {1} دورة وفق الأهداف المحددة في التعريف. تتراوح الأوزان بين {2} و{3}؛ وتبلغ كفاءة الترجيح {4}، أي أساس فعّال قدره {5}.",
        sampleScale:
            "مجموع الأوزان يساوي العينة (مجموع الأوزان الأساسية)، لذا فإن الأعداد المرجّحة على مقياس العينة وليست مجاميع للمجتمع.",
        populationScale:
            "رُفعت الأوزان إلى مجتمع قدره {1}، لذا فإن الأعداد المرجّحة تقديرات لمجاميع المجتمع مع أخطائها المعيارية.",
        assumed: "أهداف مفترضة وليست منشورة: {1}.", cleaning: "تنقية البيانات",
        cleaningSummary: "الأسطر المقروءة: {1}؛ المشاركون المستخدمون: {2}؛ الأسطر المستبعدة: {3}.",
        rule: "القاعدة", meaning: "المعنى", lines: "الأسطر",
        ruleMeanings: [
            "bad_weight": "وزن أساسي ليس عددًا موجبًا", "duplicate_id": "معرّف مشارك تكرر (يُحتفظ بالأول)",
            "missing_id": "لا يوجد معرّف للمشارك", "missing_weighting_variable": "لا توجد قيمة صالحة لمتغير ترجيح",
            "no_bin": "رقم لا يقع في أي من فئات الحقل المشتق", "out_of_domain": "إجابة خارج رموز السؤال",
            "ragged_row": "سطر بعدد حقول غير صحيح", "required_missing": "إجابة مطلوبة مفقودة",
            "routing": "إجابة عن سؤال لم يُطرح على المشارك", "speeder": "مقابلة أسرع من الحد المقرر",
            "straight_liner": "الإجابة نفسها عن كل بنود المجموعة", "unterminated_quote": "سطر قطعه اقتباس لم يُغلق",
            "weighting_imputed": "متغير ترجيح مفقود رُجِّح برمز محدد",
        ],
        publishedFigures: "الأرقام المنشورة",
        audit:
            "استُعيد {1} من أصل {2} من الأرقام التي نشرها تقرير الإصدار: يقع كل منها ضمن فترة الثقة 95٪ لتقديره، مع مراعاة التقريب.",
        readingCharts: "قراءة الرسوم البيانية",
        reading:
            "تُظهر الأشرطة النسب المرجّحة مع فترات الثقة 95٪. يشير الحرف بجانب القيمة إلى عمود في الرسم نفسه تزيد عليه القيمة زيادة دالة إحصائيًا (اختبار ثنائي الطرف عند مستوى {1}؛ والحرف اللاتيني الصغير عند المستوى الأدنى فقط)؛ ولا تُختبر الأعمدة التي يقل عدد مشاركيها عن {2}. تشير * إلى أساس يقل عن {3} (أشرطة مظللة)، وتشير ** إلى تقدير محجوب لأن أساسه أقل من {4}.",
        comma: "، ",
        baseWords: BaseWords(
            everyone: "جميع المشاركين", or: " أو ", comma: "، ", excludingBefore: " (باستثناء ", excludingAfter: ")",
            capitalized: false))
}
