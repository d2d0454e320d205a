using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Photos;

/// <summary>
/// Why a photo was refused, as a stable code and a short phrase for the student (中文 / English; the Chinese part fits
/// the 20 characters of a subscribe-message reason): the automatic checks' codes and the reviewers' fixed list.
/// </summary>
public static class PhotoReasons
{
    /// <summary>What a reviewer may give as the reason of a rejection.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Review = new Dictionary<string, (string, string)>
    {
        ["review.glasses"] = ("请摘掉眼镜或避免反光", "Remove glasses or glare"),
        ["review.hair"] = ("头发遮挡眉毛或耳朵", "Hair covers brows or ears"),
        ["review.accessories"] = ("请摘掉首饰或帽饰", "Remove jewellery or headwear"),
        ["review.clothing"] = ("服装颜色不符合要求", "Clothing colour not allowed"),
        ["review.makeup"] = ("妆容过浓", "Make-up too heavy"),
        ["review.retouched"] = ("照片经过美颜或修图", "Photo retouched"),
        ["review.expression"] = ("表情不自然或未平视", "Expression or gaze"),
        ["review.background"] = ("背景不符合要求", "Background not allowed"),
        ["review.quality"] = ("照片不清晰或翻拍", "Photo unclear"),
        ["review.not_student"] = ("与本人信息不符", "Not the student"),
        ["review.other"] = ("其他原因，见备注", "Other, see note"),
    };

    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Checks = new Dictionary<string, (string, string)>
    {
        ["file.size"] = ("文件过大", "File too large"),
        ["file.pixels"] = ("图片像素过多", "Image has too many pixels"),
        ["container.format"] = ("须为JPG格式照片", "Must be a JPEG photo"),
        ["container.decode"] = ("文件损坏或不完整", "File is damaged or incomplete"),
        ["check.gave_up"] = ("照片无法处理，请重新上传", "Photo could not be checked; upload again"),
        ["container.channels"] = ("须为24位彩色JPG", "Must be 24-bit colour JPEG"),
        ["geometry.size"] = ("尺寸须为480×640", "Must be 480×640 (3:4)"),
        ["face.count"] = ("须有且仅有一张人脸", "Exactly one face required"),
        ["geometry.eye_line"] = ("眼睛位置不符", "Eyes at the wrong height"),
        ["geometry.head_top"] = ("头顶距离不符", "Head top at the wrong height"),
        ["geometry.face_width"] = ("人脸大小不符", "Face too small or too large"),
        ["geometry.centring"] = ("人像未居中", "Face not centred"),
        ["geometry.roll"] = ("头部倾斜", "Head tilted"),
        ["colour.grayscale"] = ("须为彩色照片", "Must be a colour photo"),
        ["background.colour"] = ("背景颜色不符", "Wrong background colour"),
        ["background.uniformity"] = ("背景不均匀或有杂物", "Background not even"),
        ["clothing.contrast"] = ("服装颜色与背景相近", "Clothing matches background"),
        ["clothing.colour"] = ("服装颜色需人工确认", "Clothing colour to check"),
        ["sharpness.face"] = ("照片模糊或翻拍", "Photo blurred"),
        ["exposure.face"] = ("曝光不当", "Poor exposure"),
        ["lighting.balance"] = ("面部光线不均", "Uneven face lighting"),
        ["background.halo"] = ("疑似抠图换背景", "Possible background edit"),
        ["file.size_kb"] = ("文件大小非20-40KB", "File not 20–40 KB"),
        ["file.jpeg_quality"] = ("JPG质量偏低", "Low JPEG quality"),
        ["file.dpi"] = ("分辨率非300dpi", "Not 300 dpi"),
        ["exif.editing_software"] = ("疑似美颜或修图", "Edited by an app"),
        ["duplicate.other_student"] = ("与他人照片相同", "Same as another's photo"),
        ["duplicate.rejected_before"] = ("与被拒照片相同", "Same as a rejected photo"),
        ["eyes.open"] = ("人工确认：双眼睁开", "Review: eyes open"),
        ["mouth.closed"] = ("人工确认：嘴巴闭合", "Review: mouth closed"),
        ["glasses.glare"] = ("人工确认：眼镜反光", "Review: glasses glare"),
        ["ears.visible"] = ("人工确认：露出双耳", "Review: ears visible"),
        ["jewellery"] = ("人工确认：无饰品", "Review: no jewellery"),
        ["head_covering"] = ("人工确认：无帽饰", "Review: no head covering"),
        ["makeup.heavy"] = ("人工确认：无浓妆", "Review: no heavy make-up"),
        ["retouching"] = ("人工确认：无美颜P图", "Review: no retouching"),
        ["mirrored"] = ("人工确认：非镜像", "Review: not mirrored"),
    };

    /// <summary>Reasons that come from CHSI's feedback, not from a check or a reviewer.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Chsi = new Dictionary<string, (string, string)>
    {
        [Photo.ComparisonFailedCode] = ("学信网比对未通过，可免费重拍一次", "CHSI identity comparison failed: one free new photo"),
    };

    public static (string Zh, string En) For(string code) =>
        Checks.TryGetValue(code, out var c) ? c : Review.TryGetValue(code, out var r) ? r : Chsi.TryGetValue(code, out var x) ? x : (code, code);

    public static string Message(string code)
    {
        var (zh, en) = For(code);
        return $"{zh} / {en}";
    }
}
