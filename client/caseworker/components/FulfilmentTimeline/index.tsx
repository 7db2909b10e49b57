import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TimelineEntry } from '../../../../shared/schemas/claims';
import { formatDateTime } from '../../lib/dates';
import { timelineText } from '../../lib/fulfilment';

/** What happened to the wish's gifts, newest first, with the photos taken on the way. */
export function FulfilmentTimeline({ entries }: { entries: readonly TimelineEntry[] }) {
  const newestFirst = [...entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <View className="cw-card" data-testid="timeline">
      <Text className="cw-card__title">进度记录</Text>
      {newestFirst.length === 0 && <Text className="cw-card__sub">还没有记录。</Text>}
      <View className="timeline">
        {newestFirst.map((t, i) => {
          const { title, details } = timelineText(t);
          return (
            <View
              key={`${t.at}-${t.kind}-${i}`}
              className="timeline__item"
              data-testid="timeline-item"
              data-kind={t.kind}
            >
              <View className={`timeline__dot ${i === 0 ? 'timeline__dot--latest' : ''}`} />
              <View className="timeline__body">
                <Text className="timeline__title">{title}</Text>
                <Text className="timeline__time">{formatDateTime(t.at)}</Text>
                {details.map((d, j) => (
                  <Text key={j} className="timeline__detail">
                    {d}
                  </Text>
                ))}
                {t.photos.length > 0 && (
                  <View className="timeline__photos">
                    {t.photos.map((p) => (
                      <Image
                        key={p.id}
                        className="timeline__photo"
                        src={p.thumbUrl}
                        mode="aspectFill"
                        onClick={() =>
                          void Taro.previewImage({ urls: t.photos.map((q) => q.url), current: p.url })
                        }
                      />
                    ))}
                  </View>
                )}
              </View>
            </View>
          );
        })}
      </View>
    </View>
  );
}
